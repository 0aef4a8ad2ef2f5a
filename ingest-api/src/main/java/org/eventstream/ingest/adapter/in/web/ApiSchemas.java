package org.eventstream.ingest.adapter.in.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The request schema as OpenAPI shows it. Documentation only: requests are read as JSON
 * trees and validated by {@code EventReader}, which reports every problem at once; these
 * types are never bound.
 */
final class ApiSchemas {

	private ApiSchemas() {
	}

	@Schema(name = "Event", description = "One analytics event. Unknown fields are refused; null means absent.")
	record Event(
			@Schema(description = "Your own id for the event (its idempotency key): 1-64 of A-Z a-z 0-9 . _ : -",
					example = "550e8400-e29b-41d4-a716-446655440000") String id,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100, pattern = "^[A-Za-z][A-Za-z0-9_]*$",
					example = "page_view") String name,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {
					"web", "mobile", "desktop", "tv", "console", "other" }, example = "web") String channel_type,
			@Schema(description = "Unix epoch: seconds below 10^11, milliseconds below 10^14, microseconds below "
					+ "10^17; the event time when present", example = "1705314600") Long timestamp,
			@Schema(description = "Unix epoch like timestamp", example = "1705314590") Long previous_timestamp,
			@Schema(description = "RFC 3339; the event time when there is no timestamp",
					example = "2024-01-15T10:30:00Z") String date,
			@Schema(maxLength = 256, example = "user-123") String user_id,
			@Schema(maxLength = 256, example = "pseudo-456") String user_pseudo_id,
			@Schema(maxLength = 100) List<Param> event_params, @Schema(maxLength = 100) List<Param> user_params,
			Device device, AppInfo app_info, Geo geo, @Schema(maxLength = 200) List<Item> items,
			@Schema(description = "Client clock when sending (RFC 3339 or epoch), to correct clock skew",
					example = "2024-01-15T10:30:05Z") String sent_at){
	}

	@Schema(name = "Param", description = "A key and exactly one of string_value, number_value, boolean_value")
	record Param(
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 64, example = "page_title") String key,
			@Schema(maxLength = 1024, example = "Home") String string_value, Double number_value,
			Boolean boolean_value) {
	}

	@Schema(name = "Device", description = "Every field optional, at most 256 characters")
	record Device(@Schema(example = "mobile") String category, @Schema(example = "Apple") String mobile_brand_name,
			@Schema(example = "iPhone 14") String mobile_model_name, @Schema(example = "iOS") String operating_system,
			@Schema(example = "17.0") String operating_system_version, @Schema(example = "en-US") String language,
			@Schema(example = "Safari") String browser_name, @Schema(example = "17.0") String browser_version,
			@Schema(example = "example.com") String hostname) {
	}

	@Schema(name = "AppInfo")
	record AppInfo(@Schema(example = "com.example.app") String id, @Schema(example = "2.1.0") String version) {
	}

	@Schema(name = "Geo", description = "Where the event came from, as GA4 names it; every field optional, at most "
			+ "256 characters. Absent: filled from the client address when the operator configured a geolocation "
			+ "database (English names)")
	record Geo(@Schema(example = "Europe") String continent, @Schema(example = "Germany") String country,
			@Schema(example = "Berlin") String region, @Schema(example = "Berlin") String city) {
	}

	@Schema(name = "Item", description = "Needs an id or a name")
	record Item(@Schema(example = "SKU-001") String id, @Schema(example = "Blue T-Shirt") String name,
			@Schema(example = "Nike") String brand, @Schema(example = "Large") String variant,
			@Schema(example = "29.99") Double price_in_usd, @Schema(example = "2") Long quantity,
			@Schema(example = "59.98") Double revenue_in_usd) {
	}

	@Schema(name = "Batch")
	record Batch(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 1000) List<Event> events) {
	}

}
