package org.eventstream.e2e;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Events over several days, names, channels, devices and users, and the metrics they must
 * produce, computed here from the events themselves (not by the system under test). Half
 * carry a client id, half get one from their content; a user is {@code user_id}, else
 * {@code user_pseudo_id}, else none.
 */
final class GeneratedDataset {

	static final List<String> NAMES = List.of("page_view", "page_view", "page_view", "button_click", "purchase",
			"sign_up", "search");

	static final List<String> CHANNELS = List.of("web", "mobile", "desktop", "tv", "console", "other");

	static final List<String> CATEGORIES = List.of("desktop", "mobile", "tablet", "smart-tv");

	static final List<String> SYSTEMS = List.of("Windows", "macOS", "iOS", "Android", "Linux");

	static final List<String> BROWSERS = List.of("Chrome", "Safari", "Firefox", "Edge");

	static final List<String> BRANDS = List.of("Apple", "Samsung", "Google");

	/** Regions of each country, as GA4 names them. */
	static final Map<String, List<String>> REGIONS = Map.of("Germany", List.of("Berlin", "Bavaria"), "Japan",
			List.of("Tokyo"), "Brazil", List.of("São Paulo", "Rio de Janeiro"));

	static final List<String> COUNTRIES = List.of("Germany", "Japan", "Brazil");

	static final List<String> LANGUAGES = List.of("en-US", "de-DE", "fr-FR");

	static final List<String> HOSTS = List.of("example.com", "shop.example.com");

	static final List<String> APPS = List.of("com.example.app", "com.example.tv");

	static final List<String> VERSIONS = List.of("2.0.0", "2.1.0", "3.0.0");

	/** One event as sent, and what the metrics know of it. */
	record Event(String name, String channel, Instant time, String user, Map<String, String> dimensions, String json) {
	}

	/** Totals of one group. */
	record Counts(long total, long users) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final Instant from;

	final Instant to;

	final List<Event> events = new ArrayList<>();

	GeneratedDataset(int count, int days, long seed) {
		this(count, days, seed, Instant.now().truncatedTo(ChronoUnit.HOURS));
	}

	/** Events over the {@code days} before {@code end} (a whole hour). */
	GeneratedDataset(int count, int days, long seed, Instant end) {
		Random random = new Random(seed);
		this.from = end.minus(days, ChronoUnit.DAYS);
		this.to = end.minus(1, ChronoUnit.MICROS);
		long span = ChronoUnit.MICROS.between(from, end.minus(1, ChronoUnit.HOURS));
		for (int i = 0; i < count; i++) {
			Instant time = from.plus((long) (random.nextDouble() * span), ChronoUnit.MICROS)
				.truncatedTo(ChronoUnit.MILLIS);
			String name = pick(random, NAMES);
			String channel = pick(random, CHANNELS);
			int userNumber = random.nextInt(400);
			double kind = random.nextDouble();
			Map<String, Object> event = new LinkedHashMap<>();
			if (random.nextBoolean()) {
				event.put("id", UUID.nameUUIDFromBytes(("e2e-" + seed + "-" + i).getBytes()).toString());
			}
			event.put("name", name);
			event.put("channel_type", channel);
			event.put("timestamp", time.toEpochMilli());
			String user = null;
			if (kind < 0.70) {
				event.put("user_id", "user-" + userNumber);
				if (random.nextBoolean()) {
					event.put("user_pseudo_id", "pseudo-" + random.nextInt(1000));
				}
				user = "user-" + userNumber;
			}
			else if (kind < 0.95) {
				event.put("user_pseudo_id", "pseudo-" + userNumber);
				user = "pseudo-" + userNumber;
			}
			Map<String, String> dimensions = new LinkedHashMap<>();
			dimensions.put("device_category", pick(random, CATEGORIES));
			dimensions.put("operating_system", pick(random, SYSTEMS));
			dimensions.put("browser", pick(random, BROWSERS));
			dimensions.put("device_brand", pick(random, BRANDS));
			dimensions.put("language", pick(random, LANGUAGES));
			dimensions.put("hostname", pick(random, HOSTS));
			dimensions.put("app_id", pick(random, APPS));
			dimensions.put("app_version", pick(random, VERSIONS));
			dimensions.put("country", pick(random, COUNTRIES));
			dimensions.put("region", pick(random, REGIONS.get(dimensions.get("country"))));
			event.put("device",
					Map.of("category", dimensions.get("device_category"), "operating_system",
							dimensions.get("operating_system"), "browser_name", dimensions.get("browser"),
							"mobile_brand_name", dimensions.get("device_brand"), "language", dimensions.get("language"),
							"hostname", dimensions.get("hostname")));
			event.put("app_info", Map.of("id", dimensions.get("app_id"), "version", dimensions.get("app_version")));
			event.put("geo", Map.of("country", dimensions.get("country"), "region", dimensions.get("region")));
			// content ids must differ for different events: a sequence number makes them
			event.put("event_params", List.of(Map.of("key", "seq", "number_value", i)));
			dimensions.put("channel", channel);
			dimensions.put("event_name", name);
			dimensions.put("daily", time.atZone(ZoneOffset.UTC).toLocalDate().toString());
			dimensions.put("hourly", time.truncatedTo(ChronoUnit.HOURS).toString());
			events.add(new Event(name, channel, time, user, dimensions, JSON.writeValueAsString(event)));
		}
	}

	/** Total and distinct users of the events {@code filter} keeps. */
	Counts counts(Predicate<Event> filter) {
		long total = 0;
		Set<String> users = new HashSet<>();
		for (Event event : events) {
			if (filter.test(event)) {
				total++;
				if (event.user() != null) {
					users.add(event.user());
				}
			}
		}
		return new Counts(total, users.size());
	}

	/** The groups of {@code groupBy} among the events {@code filter} keeps. */
	Map<String, Counts> groups(Predicate<Event> filter, String groupBy) {
		Function<Event, String> key = event -> event.dimensions().get(groupBy);
		Map<String, List<Event>> byKey = new TreeMap<>();
		events.stream()
			.filter(filter)
			.forEach(event -> byKey.computeIfAbsent(key.apply(event), k -> new ArrayList<>()).add(event));
		Map<String, Counts> groups = new TreeMap<>();
		byKey.forEach((group, members) -> {
			Set<String> users = new HashSet<>();
			members.stream().map(Event::user).filter(java.util.Objects::nonNull).forEach(users::add);
			groups.put(group, new Counts(members.size(), users.size()));
		});
		return groups;
	}

	private static <T> T pick(Random random, List<T> values) {
		return values.get(random.nextInt(values.size()));
	}

}
