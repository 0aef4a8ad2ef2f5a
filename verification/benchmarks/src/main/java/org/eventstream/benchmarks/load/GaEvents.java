package org.eventstream.benchmarks.load;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic GA4-style events as JSON, about 700 bytes each: a skewed mix of names, all
 * channels, devices, app info, typed params and, for purchases, items. Each event is
 * different (a sequence number in its params), so content ids never collide.
 */
final class GaEvents {

	private static final String[] NAMES = { "page_view", "page_view", "page_view", "screen_view", "screen_view",
			"button_click", "scroll", "search", "add_to_cart", "purchase", "login", "sign_up" };

	private static final String[] CHANNELS = { "web", "web", "mobile", "mobile", "desktop", "tv", "console", "other" };

	private static final String[] DEVICES = {
			"\"category\":\"desktop\",\"operating_system\":\"Windows\","
					+ "\"operating_system_version\":\"11\",\"browser_name\":\"Chrome\",\"browser_version\":\"131.0\"",
			"\"category\":\"mobile\",\"mobile_brand_name\":\"Apple\",\"mobile_model_name\":\"iPhone 15\","
					+ "\"operating_system\":\"iOS\",\"operating_system_version\":\"18.1\",\"browser_name\":\"Safari\"",
			"\"category\":\"mobile\",\"mobile_brand_name\":\"Samsung\",\"mobile_model_name\":\"Galaxy S24\","
					+ "\"operating_system\":\"Android\",\"operating_system_version\":\"15\"",
			"\"category\":\"smart-tv\",\"mobile_brand_name\":\"LG\",\"operating_system\":\"webOS\"" };

	private final SplittableRandom random;

	private long sequence;

	GaEvents(long seed) {
		this.random = new SplittableRandom(seed);
	}

	/** One event at {@code time}; its user is one of a million. */
	String next(Instant time) {
		long seq = sequence++;
		String name = NAMES[random.nextInt(NAMES.length)];
		int user = random.nextInt(1_000_000);
		StringBuilder json = new StringBuilder(900);
		json.append("{\"name\":\"")
			.append(name)
			.append("\",\"channel_type\":\"")
			.append(CHANNELS[random.nextInt(CHANNELS.length)])
			.append("\",\"timestamp\":")
			.append(time.toEpochMilli() * 1000 + random.nextInt(1000));
		if (random.nextInt(100) < 70) {
			json.append(",\"user_id\":\"user-").append(user).append('"');
		}
		json.append(",\"user_pseudo_id\":\"pseudo-").append(user).append('.').append(user * 7919L % 100000).append('"');
		json.append(
				",\"event_params\":[{\"key\":\"page_location\",\"string_value\":\"https://shop.example.com/catalog/")
			.append(random.nextInt(5000))
			.append("\"},{\"key\":\"page_title\",\"string_value\":\"Catalog page ")
			.append(random.nextInt(5000))
			.append("\"},{\"key\":\"engagement_time_msec\",\"number_value\":")
			.append(random.nextInt(60000))
			.append("},{\"key\":\"session_engaged\",\"boolean_value\":")
			.append(random.nextBoolean())
			.append("},{\"key\":\"seq\",\"number_value\":")
			.append(seq)
			.append("}]");
		json.append(",\"user_params\":[{\"key\":\"subscription\",\"string_value\":\"")
			.append(random.nextBoolean() ? "premium" : "free")
			.append("\"}]");
		json.append(",\"device\":{")
			.append(DEVICES[random.nextInt(DEVICES.length)])
			.append(",\"language\":\"en-US\",\"hostname\":\"shop.example.com\"}");
		json.append(",\"app_info\":{\"id\":\"com.example.shop\",\"version\":\"4.")
			.append(random.nextInt(3))
			.append(".0\"}");
		if (name.equals("purchase") || name.equals("add_to_cart")) {
			json.append(",\"items\":[{\"id\":\"SKU-")
				.append(random.nextInt(10000))
				.append("\",\"name\":\"Blue T-Shirt\",\"brand\":\"Nike\",\"variant\":\"Large\",")
				.append("\"price_in_usd\":29.99,\"quantity\":2,\"revenue_in_usd\":59.98}]");
		}
		return json.append('}').toString();
	}

	/** A batch body of {@code size} events. */
	String batch(int size, Instant time) {
		StringBuilder body = new StringBuilder(size * 760).append("{\"events\":[");
		for (int i = 0; i < size; i++) {
			if (i > 0) {
				body.append(',');
			}
			body.append(next(time));
		}
		return body.append("]}").toString();
	}

	static List<String> names() {
		return List.of(NAMES);
	}

}
