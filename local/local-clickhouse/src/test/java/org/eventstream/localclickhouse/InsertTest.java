package org.eventstream.localclickhouse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.clickhouse.data.format.BinaryStreamUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InsertTest {

	private static final int ROWS = 120_000;

	private static Client client;

	private static String database;

	@BeforeAll
	static void connect() {
		client = SharedEndpoint.client();
		database = SharedEndpoint.freshDatabase(client, "inserts");
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Test
	void insertsManyRowsOfEveryEventTypeAsRowBinary() throws Exception {
		String table = createEventLikeTable("rowbinary");
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		for (int i = 0; i < ROWS; i++) {
			writeRow(data, i);
		}

		InsertResponse response = client
			.insert(table, new ByteArrayInputStream(data.toByteArray()), ClickHouseFormat.RowBinary,
					new InsertSettings().setDatabase(database))
			.get();

		assertThat(response.getWrittenRows()).isEqualTo(ROWS);
		GenericRecord row = query("SELECT * FROM " + table + " WHERE seq = 77777").get(0);
		assertThat(row.getUUID("id")).isEqualTo(uuid(77777));
		assertThat(row.getString("name")).isEqualTo("name_" + (77777 % 20));
		assertThat(row.getString("channel")).isEqualTo("mobile");
		assertThat(row.getZonedDateTime("event_time").toInstant().toEpochMilli()).isEqualTo(1_705_314_600_000L + 77777);
		assertThat(row.hasValue("price")).isFalse();
		assertThat(row.getObject("string_params")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("page", "p77777");
		assertThat(row.getList("item_ids")).containsExactly("sku-1", "sku-77777");
		assertThat(row.getBoolean("flag")).isFalse();
		assertThat(query("SELECT count() AS c, uniqExact(id) AS u, sum(seq) AS s FROM " + table).get(0))
			.satisfies(r -> {
				assertThat(r.getLong("c")).isEqualTo(ROWS);
				assertThat(r.getLong("u")).isEqualTo(ROWS);
				assertThat(r.getLong("s")).isEqualTo((long) ROWS * (ROWS - 1) / 2);
			});
	}

	@Test
	void insertsManyRowsAsJsonEachRow() throws Exception {
		String table = createEventLikeTable("jsoneachrow");
		StringBuilder json = new StringBuilder();
		for (int i = 0; i < ROWS; i++) {
			json.append("{\"seq\":")
				.append(i)
				.append(",\"id\":\"")
				.append(uuid(i))
				.append("\",\"name\":\"n\",\"channel\":\"web\",\"event_time\":\"2024-01-15 10:30:00.000001\",")
				.append("\"price\":1.5,\"string_params\":{\"k\":\"v\"},\"item_ids\":[\"a\"],\"flag\":true}\n");
		}

		InsertResponse response = client
			.insert(table, new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)),
					ClickHouseFormat.JSONEachRow, new InsertSettings().setDatabase(database))
			.get();

		assertThat(response.getWrittenRows()).isEqualTo(ROWS);
		assertThat(query("SELECT count() AS c, sum(price) AS p FROM " + table).get(0).getDouble("p"))
			.isEqualTo(ROWS * 1.5);
	}

	@Test
	void refusesMalformedDataWithAParseErrorCode() throws Exception {
		String table = createEventLikeTable("malformed");

		assertThatThrownBy(() -> client
			.insert(table, new ByteArrayInputStream("{\"seq\": \"not a number\"}\n".getBytes(StandardCharsets.UTF_8)),
					ClickHouseFormat.JSONEachRow, new InsertSettings().setDatabase(database))
			.get()).satisfies(ex -> assertThat(ServerErrors.codeOf(ex)).isEqualTo(27));
		assertThat(query("SELECT count() AS c FROM " + table).get(0).getLong("c")).isZero();
	}

	@Test
	void aRepeatedInsertWithTheSameDeduplicationTokenIsStoredOnce() throws Exception {
		String table = "dedup";
		client
			.execute("CREATE TABLE " + database + "." + table + " (seq UInt64) ENGINE = MergeTree ORDER BY seq "
					+ "SETTINGS non_replicated_deduplication_window = 1000")
			.get();
		byte[] rows = "{\"seq\":1}\n{\"seq\":2}\n".getBytes(StandardCharsets.UTF_8);

		for (int attempt = 0; attempt < 3; attempt++) {
			client
				.insert(table, new ByteArrayInputStream(rows), ClickHouseFormat.JSONEachRow,
						new InsertSettings().setDatabase(database).setDeduplicationToken("partition-0:offsets-0-1"))
				.get();
		}
		client
			.insert(table, new ByteArrayInputStream(rows), ClickHouseFormat.JSONEachRow,
					new InsertSettings().setDatabase(database).setDeduplicationToken("partition-0:offsets-2-3"))
			.get();

		assertThat(query("SELECT count() AS c FROM " + table).get(0).getLong("c")).isEqualTo(4);
	}

	private String createEventLikeTable(String name) throws Exception {
		client.execute("CREATE TABLE " + database + "." + name + """
				 (
				    seq UInt64,
				    id UUID,
				    name String,
				    channel LowCardinality(String),
				    event_time DateTime64(6, 'UTC'),
				    price Nullable(Float64),
				    string_params Map(String, String),
				    item_ids Array(String),
				    flag Bool
				) ENGINE = MergeTree ORDER BY seq
				""").get();
		return name;
	}

	private static void writeRow(ByteArrayOutputStream out, int i) throws IOException {
		BinaryStreamUtils.writeUnsignedInt64(out, i);
		BinaryStreamUtils.writeUuid(out, uuid(i));
		BinaryStreamUtils.writeString(out, "name_" + (i % 20));
		BinaryStreamUtils.writeString(out, (i % 2 == 0) ? "web" : "mobile");
		BinaryStreamUtils.writeInt64(out, (1_705_314_600_000L + i) * 1000);
		if (i % 3 == 0) {
			BinaryStreamUtils.writeNonNull(out);
			BinaryStreamUtils.writeFloat64(out, i * 0.5);
		}
		else {
			BinaryStreamUtils.writeNull(out);
		}
		BinaryStreamUtils.writeVarInt(out, 1);
		BinaryStreamUtils.writeString(out, "page");
		BinaryStreamUtils.writeString(out, "p" + i);
		BinaryStreamUtils.writeVarInt(out, 2);
		BinaryStreamUtils.writeString(out, "sku-1");
		BinaryStreamUtils.writeString(out, "sku-" + i);
		BinaryStreamUtils.writeBoolean(out, i % 2 == 0);
	}

	private static UUID uuid(int i) {
		return new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L | i);
	}

	private static List<GenericRecord> query(String sql) {
		return client.queryAll(sql, new QuerySettings().setDatabase(database));
	}

}
