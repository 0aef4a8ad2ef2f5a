package org.eventstream.metrics.integration;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;

/**
 * Rows of the {@code events} table as the writer stores them, for the metrics tests:
 * {@code StoredEvents.event("e1").named("page_view").on("web").at("2024-01-15T10:30:00Z").byUser("u1")}.
 */
final class StoredEvents {

	private final List<String> rows = new ArrayList<>();

	static Row event(String id) {
		return new Row(id);
	}

	StoredEvents add(Row row) {
		rows.add(row.json());
		return this;
	}

	void insertInto(Client client) throws Exception {
		byte[] data = String.join("\n", rows).getBytes(StandardCharsets.UTF_8);
		client.insert("events", new ByteArrayInputStream(data), ClickHouseFormat.JSONEachRow, new InsertSettings())
			.get()
			.close();
	}

	static final class Row {

		private final String id;

		private String name = "page_view";

		private String channel = "web";

		private String time = "2024-01-15T10:30:00Z";

		private String userId = "";

		private String pseudoId = "";

		private String browser = "";

		private String appVersion = "";

		Row(String id) {
			this.id = id;
		}

		Row named(String eventName) {
			this.name = eventName;
			return this;
		}

		Row on(String channelType) {
			this.channel = channelType;
			return this;
		}

		Row at(String instant) {
			this.time = instant;
			return this;
		}

		Row byUser(String user) {
			this.userId = user;
			return this;
		}

		Row byPseudoUser(String pseudo) {
			this.pseudoId = pseudo;
			return this;
		}

		Row inBrowser(String browserName) {
			this.browser = browserName;
			return this;
		}

		Row withAppVersion(String version) {
			this.appVersion = version;
			return this;
		}

		String json() {
			String clickHouseTime = time.replace("T", " ").replace("Z", "");
			return "{\"event_id\":\"" + id + "\",\"id_source\":\"client\",\"event_name\":\"" + name
					+ "\",\"channel_type\":\"" + channel + "\",\"event_time\":\"" + clickHouseTime
					+ "\",\"received_at\":\"" + clickHouseTime + "\",\"user_id\":\"" + userId
					+ "\",\"user_pseudo_id\":\"" + pseudoId + "\",\"device_browser_name\":\"" + browser
					+ "\",\"app_version\":\"" + appVersion + "\",\"kafka_partition\":0,\"kafka_offset\":0}";
		}

	}

}
