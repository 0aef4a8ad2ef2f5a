package org.eventstream.store;

import java.time.Duration;
import java.util.Optional;

import com.clickhouse.client.api.Client;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Retention as ClickHouse TTLs, on the real engine. */
class RetentionTtlTest {

	@Test
	void expiredEventsAndTheirRollupsGoAtTheNextMergeAndTheRestStays() {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		ClickHouseConnection connection = ClickHouseConnection.of(endpoint.url(), endpoint.user(), endpoint.password(),
				"retention_" + Long.toHexString(System.nanoTime()));
		try (Client client = connection.newClient()) {
			new SchemaMigrations(client, connection).apply();
			RetentionTtl retention = new RetentionTtl(client, connection, Optional.empty());

			assertThat(retention.apply(Optional.of(Duration.ofDays(3)))).hasSize(RetentionTtl.EXPIRING.size());
			assertThat(retention.apply(Optional.of(Duration.ofDays(3)))).as("applied again: nothing to change")
				.isEmpty();

			client.queryAll("INSERT INTO events (event_id, id_source, event_name, channel_type, event_time, "
					+ "received_at, user_id, kafka_partition, kafka_offset) VALUES "
					+ "('old', 'client', 'page_view', 'web', now64(6) - INTERVAL 10 DAY, now64(6), 'u1', 0, 0), "
					+ "('new', 'client', 'page_view', 'web', now64(6) - INTERVAL 1 HOUR, now64(6), 'u2', 0, 1)");
			for (String table : RetentionTtl.EXPIRING.keySet()) {
				client.queryAll("OPTIMIZE TABLE " + table + " FINAL");
			}

			assertThat(client.queryAll("SELECT event_id FROM events")).extracting(row -> row.getString(1))
				.containsExactly("new");
			assertThat(count(client, "events_hourly")).isEqualTo(1);
			assertThat(count(client, "events_hourly_by_name")).isEqualTo(1);
			assertThat(count(client, "events_daily")).isEqualTo(1);
			assertThat(count(client, "events_daily_by_name")).isEqualTo(1);
			assertThat(client.queryAll("SELECT sum(event_count) FROM events_daily").get(0).getLong(1)).isEqualTo(1);

			assertThat(retention.apply(Optional.empty())).as("retention off again: every TTL removed")
				.hasSize(RetentionTtl.EXPIRING.size());
			assertThat(client.queryAll("SHOW CREATE TABLE events").get(0).getString(1)).doesNotContain("TTL");
		}
	}

	@Test
	void aRetentionShorterThanTwoDaysIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> RetentionTtl.check(Duration.ofHours(47)))
			.withMessageContaining("at least 2 days");
	}

	private static long count(Client client, String table) {
		return client.queryAll("SELECT count() FROM " + table + " FINAL").get(0).getLong(1);
	}

}
