package org.eventstream.stack.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's GA4 mapping table, field by field, on rows as BigQuery exports them. */
class Ga4ExportRowTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aWebRowBecomesAWebEventFieldByField() throws IOException {
		Map<String, Object> event = event(0);

		assertThat(event).containsEntry("name", "page_view")
			.containsEntry("channel_type", "web")
			.containsEntry("timestamp", 1685620800123456L)
			.containsEntry("previous_timestamp", 1685620700000000L)
			.containsEntry("user_id", "user-1")
			.containsEntry("user_pseudo_id", "1234567.8901234")
			.containsEntry("geo",
					Map.of("continent", "Europe", "country", "Germany", "region", "Berlin", "city", "Berlin"))
			.doesNotContainKeys("app_info", "items", "id");
		assertThat(event.get("event_params")).isEqualTo(List.of(Map.of("key", "page_title", "string_value", "Home"),
				Map.of("key", "ga_session_id", "number_value", 1685620790),
				Map.of("key", "engagement_time_msec", "number_value", 1234.5)));
		assertThat(event.get("user_params")).isEqualTo(List.of(Map.of("key", "plan", "string_value", "pro")));
		assertThat(event.get("device"))
			.isEqualTo(Map.of("category", "desktop", "mobile_brand_name", "Google", "mobile_model_name", "Chrome",
					"operating_system", "Windows", "operating_system_version", "Windows 10", "language", "en-us",
					"browser_name", "Chrome", "browser_version", "114.0.0.0", "hostname", "shop.example.com"));
	}

	@Test
	void anIosPurchaseKeepsItsItemsAndAppAndHasOnlyAPseudoId() throws IOException {
		Map<String, Object> event = event(1);

		assertThat(event).containsEntry("name", "purchase")
			.containsEntry("channel_type", "mobile")
			.containsEntry("timestamp", 1685624400000001L)
			.containsEntry("user_pseudo_id", "555.666")
			.as("GA4's (not set) and empty places are absent")
			.containsEntry("geo", Map.of("country", "Germany"))
			.doesNotContainKeys("user_id", "previous_timestamp", "user_params");
		assertThat(event.get("app_info")).isEqualTo(Map.of("id", "com.example.shop", "version", "4.2.0"));
		assertThat(event.get("items")).isEqualTo(List.of(Map.of("id", "SKU-001", "name", "Blue T-Shirt", "brand",
				"Nike", "variant", "Large", "price_in_usd", 29.99, "quantity", 2, "revenue_in_usd", 59.98)));
		assertThat(event.get("event_params")).isEqualTo(List.of(Map.of("key", "value", "number_value", 59.98),
				Map.of("key", "currency", "string_value", "USD")));
	}

	@Test
	void anAndroidRowIsMobileWithAFloatParamAndNoEmptyUserId() throws IOException {
		Map<String, Object> event = event(2);

		assertThat(event).containsEntry("channel_type", "mobile").doesNotContainKey("user_id");
		assertThat(event.get("event_params")).isEqualTo(List
			.of(Map.of("key", "firebase_screen", "string_value", "Cart"), Map.of("key", "ratio", "number_value", 0.5)));
	}

	@Test
	void aLineOfTheApisOwnSchemaGoesAsItIs() {
		String line = "{\"name\":\"page_view\",\"channel_type\":\"web\",\"timestamp\":1700000000}";

		assertThat(ImportCommand.converted(bytes(line))).isEqualTo(bytes(line));
		assertThat(ImportCommand.converted(bytes("{not json"))).isEqualTo(bytes("{not json"));
		byte[] notUtf8 = { '{', '"', 'n', '"', ':', (byte) 0xff, '}' };
		assertThat(ImportCommand.converted(notUtf8)).as("sent as it is, for the API to reject by line")
			.isEqualTo(notUtf8);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> event(int row) throws IOException {
		List<String> lines = new String(
				Ga4ExportRowTest.class.getResourceAsStream("/ga4-export-sample.ndjson").readAllBytes(),
				StandardCharsets.UTF_8)
			.lines()
			.toList();
		Map<String, Object> parsed = JSON.readValue(lines.get(row), Map.class);
		assertThat(Ga4ExportRow.matches(parsed)).isTrue();
		return JSON.readValue(ImportCommand.converted(bytes(lines.get(row))), Map.class);
	}

}
