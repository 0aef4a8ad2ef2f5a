package org.eventstream.metrics.integration;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import org.eventstream.metrics.adapter.out.clickhouse.ClickHouseAggregatesLoader;
import org.eventstream.metrics.adapter.out.clickhouse.ClickHouseFunnelLoader;
import org.eventstream.metrics.adapter.out.clickhouse.ParameterColumns;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadFunnelPort;
import org.eventstream.metrics.domain.Filter;
import org.eventstream.metrics.domain.FunnelQuery;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.Measure;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Filters, measures, two dimensions and funnels over a generated dataset (seeded: the
 * same every run), each answer checked against one computed here in Java from the
 * generated events themselves, never by the same SQL. The events span the night
 * Europe/Berlin moves to summer time (2024-03-31), so daily buckets in that zone have a
 * 23-hour day; the ranges asked for start and end off the hour.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AnalysisIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String DATABASE = "analysis_" + Long.toHexString(System.nanoTime());

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final Instant START = Instant.parse("2024-03-29T00:00:00Z");

	private static final Instant FROM = Instant.parse("2024-03-29T06:17:00Z");

	private static final Instant TO = Instant.parse("2024-04-02T17:43:00Z");

	private static final List<String> NAMES = List.of("page_view", "view_item", "add_to_cart", "purchase");

	private static final List<String> CHANNELS = List.of("web", "mobile", "tv");

	/** Skewed, so that the top values are never tied. */
	private static final List<String> BROWSERS = List.of("Chrome", "Safari", "Firefox", "Edge", "Opera");

	private static final double[] BROWSER_WEIGHTS = { 0.40, 0.25, 0.16, 0.11, 0.08 };

	/** Skewed too; '' is an event that said nothing of where it came from. */
	private static final List<String> COUNTRIES = List.of("Germany", "United States", "France", "");

	private static final double[] COUNTRY_WEIGHTS = { 0.45, 0.30, 0.15, 0.10 };

	private static final Map<String, List<String>> REGIONS = Map.of("Germany", List.of("Berlin", "Bavaria"),
			"United States", List.of("California", "New York"), "France", List.of("Île-de-France", "Occitanie"), "",
			List.of(""));

	private static final Map<String, String> CONTINENTS = Map.of("Germany", "Europe", "France", "Europe",
			"United States", "North America");

	private static final List<Ev> EVENTS = generate(new Random(20241128), 3000);

	/**
	 * An event a day before the generated ones, for the parameter columns' test alone.
	 */
	private static final Ev LIE = new Ev("lie", "page_view", "web", START.minus(Duration.ofHours(12)), "u-lie", "",
			"Chrome", "desktop", "Home", Optional.of(1.0), false, "", 0, "", "");

	/** One generated event, as the metrics API should see it. */
	record Ev(String id, String name, String channel, Instant time, String userId, String pseudoId, String browser,
			String category, String pageTitle, Optional<Double> value, boolean valueAsString, String plan,
			double revenue, String country, String region) {

		String userKey() {
			return userId.isEmpty() ? pseudoId : userId;
		}

		/**
		 * One of 23 hosts, spread by the id (not drawn, so the other fields' draws stay
		 * as they were): a dimension with many values.
		 */
		String hostname() {
			return "host-" + Math.floorMod(id.hashCode(), 23);
		}

		/** One of 19 versions, spread by the id too. */
		String appVersion() {
			return "2." + Math.floorMod(id.hashCode() / 23, 19);
		}

		String json() {
			DateTimeFormatter format = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
				.withZone(ZoneOffset.UTC);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("event_id", id);
			row.put("id_source", "client");
			row.put("event_name", name);
			row.put("channel_type", channel);
			row.put("event_time", format.format(time));
			row.put("received_at", format.format(time));
			row.put("user_id", userId);
			row.put("user_pseudo_id", pseudoId);
			row.put("device_browser_name", browser);
			row.put("device_category", category);
			row.put("device_hostname", hostname());
			row.put("app_version", appVersion());
			row.put("geo_continent", country.isEmpty() ? "" : CONTINENTS.get(country));
			row.put("geo_country", country);
			row.put("geo_region", region);
			List<Map<String, Object>> params = new ArrayList<>();
			params.add(param("page_title", pageTitle, null, null));
			value.ifPresent(v -> params
				.add(valueAsString ? param("value", Double.toString(v), null, null) : param("value", null, v, null)));
			params.add(param("logged_in", null, null, !userId.isEmpty()));
			row.put("event_params", params);
			row.put("user_params", plan.isEmpty() ? List.of() : List.of(param("plan", plan, null, null)));
			row.put("items",
					revenue == 0 ? List.of() : List.of(item(revenue * 0.75), item(revenue * 0.25), item(null)));
			row.put("kafka_partition", 0);
			row.put("kafka_offset", 0);
			try {
				return JSON.writeValueAsString(row);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		private static Map<String, Object> param(String key, String string, Double number, Boolean bool) {
			Map<String, Object> param = new LinkedHashMap<>();
			param.put("key", key);
			param.put("string_value", string);
			param.put("number_value", number);
			param.put("boolean_value", bool);
			return param;
		}

		private static Map<String, Object> item(Double revenue) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("id", "sku");
			item.put("name", null);
			item.put("brand", null);
			item.put("variant", null);
			item.put("price_in_usd", null);
			item.put("quantity", 1);
			item.put("revenue_in_usd", revenue);
			return item;
		}

	}

	private static List<Ev> generate(Random random, int count) {
		List<Ev> events = new ArrayList<>();
		long spanMicros = Duration.between(START, Instant.parse("2024-04-03T00:00:00Z")).toNanos() / 1000;
		Set<Long> times = new HashSet<>();
		for (int i = 0; i < count; i++) {
			long offset;
			do {
				offset = (long) (random.nextDouble() * spanMicros);
			}
			while (!times.add(offset));
			Instant time = START.plusNanos(offset * 1000);
			int who = random.nextInt(100);
			String userId = (who < 70) ? "u" + random.nextInt(60) : "";
			String pseudoId = (who >= 60 && who < 95) ? "p" + random.nextInt(30) : "";
			// a funnel needs several steps of one user close together: half the events
			// follow a user's previous one within minutes
			if (!events.isEmpty() && random.nextBoolean()) {
				Ev previous = events.get(random.nextInt(events.size()));
				userId = previous.userId();
				pseudoId = previous.pseudoId();
				time = previous.time().plusMillis(1 + random.nextInt(40 * 60 * 1000)).plusNanos(1000L * i);
				if (!times.add(Duration.between(START, time).toNanos() / 1000)) {
					continue;
				}
			}
			String name = NAMES.get(random.nextInt(NAMES.size()));
			double browserDraw = random.nextDouble();
			int browser = 0;
			for (double cumulative = BROWSER_WEIGHTS[0]; browserDraw > cumulative
					&& browser < BROWSERS.size() - 1; cumulative += BROWSER_WEIGHTS[++browser]) {
			}
			Optional<Double> value = (random.nextInt(5) == 0) ? Optional.empty()
					: Optional.of(random.nextInt(20000) / 100.0);
			String country = COUNTRIES.get(draw(random, COUNTRY_WEIGHTS));
			String region = REGIONS.get(country).get(random.nextInt(REGIONS.get(country).size()));
			events.add(new Ev("e" + i, name, CHANNELS.get(random.nextInt(CHANNELS.size())), time, userId, pseudoId,
					BROWSERS.get(browser), List.of("mobile", "desktop", "tablet").get(random.nextInt(3)),
					List.of("Home", "Shop", "Cart").get(random.nextInt(3)), value, random.nextInt(10) == 0,
					List.of("", "free", "pro").get(random.nextInt(3)),
					name.equals("purchase") ? 10 + random.nextInt(9000) / 100.0 : 0, country, region));
		}
		return events;
	}

	/** An index drawn with these weights (which sum to 1). */
	private static int draw(Random random, double[] weights) {
		double draw = random.nextDouble();
		double cumulative = 0;
		for (int i = 0; i < weights.length - 1; i++) {
			cumulative += weights[i];
			if (draw <= cumulative) {
				return i;
			}
		}
		return weights.length - 1;
	}

	@DynamicPropertySource
	static void clickHouse(DynamicPropertyRegistry registry) {
		TestDatabase.register(registry, DATABASE);
	}

	@BeforeAll
	static void dataset() throws Exception {
		try (Client client = TestDatabase.migrated(DATABASE).newClient()) {
			byte[] rows = EVENTS.stream()
				.map(Ev::json)
				.collect(Collectors.joining("\n"))
				.getBytes(StandardCharsets.UTF_8);
			client.insert("events", new ByteArrayInputStream(rows), ClickHouseFormat.JSONEachRow, new InsertSettings())
				.get()
				.close();
		}
	}

	@LocalServerPort
	int port;

	WebTestClient web;

	@BeforeEach
	void client() {
		web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
	}

	// ---- the model ----

	private static List<Ev> inRange(Predicate<Ev> filter) {
		return EVENTS.stream()
			.filter(ev -> !ev.time().isBefore(FROM) && !ev.time().isAfter(TO))
			.filter(filter)
			.toList();
	}

	private static long users(List<Ev> events) {
		return events.stream().map(Ev::userKey).filter(key -> !key.isEmpty()).distinct().count();
	}

	private static double sum(List<Ev> events, Function<Ev, Optional<Double>> value) {
		return events.stream().map(value).flatMap(Optional::stream).mapToDouble(Double::doubleValue).sum();
	}

	private static Optional<Double> numericValue(Ev ev) {
		return ev.valueAsString() ? Optional.empty() : ev.value();
	}

	// ---- filters ----

	@Test
	void filtersByAStringParameterAndANumericOneTogetherInBerlinDays() {
		Predicate<Ev> filter = ev -> ev.pageTitle().equals("Home") && numericValue(ev).filter(v -> v >= 50).isPresent();
		List<Ev> expected = inRange(filter);
		JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO
				+ "&filter=event_params.page_title==Home&filter=event_params.value>=50&group_by=daily&tz=Europe/Berlin");

		assertThat(answer.get("total_count").asLong()).isEqualTo(expected.size()).isPositive();
		assertThat(answer.get("unique_user_count").asLong()).isEqualTo(users(expected));
		Map<String, List<Ev>> byDay = expected.stream()
			.collect(Collectors.groupingBy(ev -> LocalDate.ofInstant(ev.time(), BERLIN).toString()));
		List<String> days = new ArrayList<>();
		for (LocalDate day = LocalDate.ofInstant(FROM, BERLIN); !day.isAfter(LocalDate.ofInstant(TO, BERLIN)); day = day
			.plusDays(1)) {
			days.add(day.toString());
		}
		assertThat(answer.get("grouped_metrics")).extracting(group -> group.get("group_key").asString())
			.containsExactlyElementsOf(days);
		for (JsonNode group : answer.get("grouped_metrics")) {
			List<Ev> day = byDay.getOrDefault(group.get("group_key").asString(), List.of());
			assertThat(group.get("total_count").asLong()).as(group.toString()).isEqualTo(day.size());
			assertThat(group.get("unique_user_count").asLong()).as(group.toString()).isEqualTo(users(day));
		}
	}

	@Test
	void matchesAParameterAsAStringANumberOrABoolean() {
		// 123.45 was stored as a number in some events and as the string "123.45" in
		// others
		Ev some = EVENTS.stream().filter(ev -> ev.value().isPresent()).findFirst().orElseThrow();
		String value = Double.toString(some.value().get());
		List<Ev> expected = inRange(ev -> ev.value().map(v -> Double.toString(v)).filter(value::equals).isPresent());
		assertThat(get("/events/metrics?from=" + FROM + "&to=" + TO + "&filter=event_params.value==" + value)
			.get("total_count")
			.asLong()).isEqualTo(expected.size());

		List<Ev> loggedOut = inRange(ev -> ev.userId().isEmpty());
		assertThat(get("/events/metrics?from=" + FROM + "&to=" + TO + "&filter=event_params.logged_in==false")
			.get("total_count")
			.asLong()).isEqualTo(loggedOut.size());
	}

	@Test
	void filtersByAUserParameterAndAnEventFieldWithNotEquals() {
		List<Ev> expected = inRange(ev -> !ev.plan().equals("free") && !ev.category().equals("mobile"));
		JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO
				+ "&filter=user_params.plan!=free&filter=device.category!=mobile&event_name=purchase");

		List<Ev> purchases = expected.stream().filter(ev -> ev.name().equals("purchase")).toList();
		assertThat(answer.get("total_count").asLong()).isEqualTo(purchases.size()).isPositive();
		assertThat(answer.get("unique_user_count").asLong()).isEqualTo(users(purchases));
	}

	/**
	 * Parameter columns added as docs/OPERATIONS.md says (one of them materialized in the
	 * stored parts, the others computed as they are read) are found and give the same
	 * answers as the arrays; a column dropped after the loader last looked costs one
	 * failed query, run again without it.
	 */
	@Test
	void answersFromTheParameterColumnsAnOperatorAddedAndWithoutOneDroppedSince() throws Exception {
		List<String> columns = List.of("event_params_string_page_title", "event_params_number_value",
				"event_params_string_logged_in", "event_params_boolean_logged_in", "user_params_string_plan");
		List<Filter> filters = List.of(
				new Filter(new Filter.Property.EventParam("page_title"), Filter.Operator.EQ, "Home"),
				new Filter(new Filter.Property.EventParam("value"), Filter.Operator.GE, "50"),
				new Filter(new Filter.Property.UserParam("plan"), Filter.Operator.NE, "free"),
				new Filter(new Filter.Property.EventParam("logged_in"), Filter.Operator.EQ, "false"));
		List<Ev> expected = inRange(
				ev -> ev.pageTitle().equals("Home") && numericValue(ev).filter(v -> v >= 50).isPresent()
						&& !ev.plan().equals("free") && ev.userId().isEmpty());
		MetricsQuery query = new MetricsQuery(Optional.empty(), Optional.of(FROM), Optional.of(TO), Set.of(),
				Optional.of(GroupBy.CHANNEL), Optional.empty(), ZoneId.of("UTC"), UserCounting.EXACT, 100, filters,
				List.of());
		MetricsQuery sumOfValues = new MetricsQuery(Optional.empty(), Optional.of(FROM), Optional.of(TO), Set.of(),
				Optional.empty(), Optional.empty(), ZoneId.of("UTC"), UserCounting.EXACT, 100, List.of(),
				List.of(Measure.of(Measure.Kind.SUM, "value")));
		FunnelQuery funnel = new FunnelQuery(List.of("view_item", "add_to_cart"), Duration.ofHours(1), FROM,
				Optional.of(TO), Set.of(), true, filters.subList(0, 2));
		MetricsQuery lie = new MetricsQuery(Optional.empty(), Optional.of(LIE.time().minusSeconds(60)),
				Optional.of(LIE.time().plusSeconds(60)), Set.of(), Optional.empty(), Optional.empty(), ZoneId.of("UTC"),
				UserCounting.EXACT, 100, filters.subList(0, 1), List.of());
		try (Client client = TestDatabase.connection(DATABASE).newClient()) {
			LoadFunnelPort.Levels fromArrays = new ClickHouseFunnelLoader(client, DATABASE, Clock.systemUTC(),
					Runnable::run, 10)
				.load(funnel)
				.join();
			assertThat(fromArrays.overall()).isNotEmpty();
			try {
				for (String column : columns) {
					String[] parts = column.split("_", 4);
					String array = parts[0] + "_" + parts[1];
					// the statement docs/OPERATIONS.md gives
					client
						.execute(
								"ALTER TABLE " + DATABASE + ".events ADD COLUMN IF NOT EXISTS " + column + " Nullable("
										+ Map.of("string", "String", "number", "Float64", "boolean", "Bool")
											.get(parts[2])
										+ ") MATERIALIZED " + array + "." + parts[2] + "_value[indexOf(" + array
										+ ".key, '" + parts[3] + "')]")
						.get();
				}
				client
					.execute("ALTER TABLE " + DATABASE + ".events MATERIALIZE COLUMN event_params_string_page_title "
							+ "SETTINGS mutations_sync = 1")
					.get();
				// one event outside every other test's range whose column says other than
				// its array: found through the array, not through the column
				Map<String, Object> lieRow = new LinkedHashMap<>(JSON.readValue(LIE.json(), Map.class));
				lieRow.put("event_params_string_page_title", "Elsewhere");
				client
					.execute("INSERT INTO " + DATABASE + ".events (" + String.join(", ", lieRow.keySet())
							+ ") SETTINGS insert_allow_materialized_columns = 1 FORMAT JSONEachRow "
							+ JSON.writeValueAsString(lieRow))
					.get();
				assertThat(new ParameterColumns(client, DATABASE, Clock.systemUTC()).present())
					.containsExactlyInAnyOrderElementsOf(columns);
				// a clock that stands still: the loader's look at the columns never
				// expires
				Clock still = Clock.fixed(Instant.now(), ZoneOffset.UTC);
				ClickHouseAggregatesLoader loader = new ClickHouseAggregatesLoader(client, DATABASE, still,
						Runnable::run, 10);

				assertThat(loader.load(lie).join().totalCount()).as("through the column").isZero();
				assertAggregates(loader.load(query).join(), expected);
				assertSumOfValues(loader.load(sumOfValues).join(), inRange(ev -> true));
				// the funnel's filters in the columns: the same levels as from the arrays
				assertThat(new ClickHouseFunnelLoader(client, DATABASE, still, Runnable::run, 10).load(funnel).join())
					.usingRecursiveComparison()
					.ignoringFields("to")
					.isEqualTo(fromArrays);
				client.execute("ALTER TABLE " + DATABASE + ".events DROP COLUMN event_params_string_page_title").get();
				assertThat(loader.load(lie).join().totalCount()).as("through the array, once dropped").isOne();
				assertAggregates(loader.load(query).join(), expected);
				assertSumOfValues(loader.load(sumOfValues).join(), inRange(ev -> true));
			}
			finally {
				for (String column : columns) {
					client.execute("ALTER TABLE " + DATABASE + ".events DROP COLUMN IF EXISTS " + column).get();
				}
				client
					.execute("ALTER TABLE " + DATABASE + ".events DELETE WHERE event_id = '" + LIE.id()
							+ "' SETTINGS mutations_sync = 1")
					.get();
			}
		}
	}

	private static void assertSumOfValues(Aggregates answer, List<Ev> events) {
		List<Double> values = events.stream()
			.map(AnalysisIntegrationTest::numericValue)
			.flatMap(Optional::stream)
			.toList();
		assertThat(answer.measures()).hasSize(1);
		assertThat(answer.measures().get(0).count()).isEqualTo(values.size()).isPositive();
		assertThat(answer.measures().get(0).sum()).isCloseTo(values.stream().mapToDouble(Double::doubleValue).sum(),
				within(1e-6));
	}

	private static void assertAggregates(Aggregates answer, List<Ev> expected) {
		assertThat(answer.totalCount()).isEqualTo(expected.size()).isPositive();
		assertThat(answer.uniqueUserCount()).isEqualTo(users(expected));
		Map<String, List<Ev>> byChannel = expected.stream().collect(Collectors.groupingBy(Ev::channel));
		assertThat(answer.groups()).extracting(Aggregates.Group::key)
			.containsExactlyInAnyOrderElementsOf(byChannel.keySet());
		for (Aggregates.Group group : answer.groups()) {
			assertThat(group.totalCount()).as(group.key()).isEqualTo(byChannel.get(group.key()).size());
			assertThat(group.uniqueUserCount()).as(group.key()).isEqualTo(users(byChannel.get(group.key())));
		}
	}

	// ---- measures ----

	@Test
	void sumsAndAveragesANumericParameterAndTheItemsRevenuePerChannel() {
		JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO
				+ "&measure=sum:event_params.value&measure=avg:event_params.value&measure=revenue&group_by=channel");

		List<Ev> all = inRange(ev -> true);
		assertMeasures(answer.get("measures"), all);
		assertThat(answer.get("grouped_metrics")).hasSize(3);
		for (JsonNode group : answer.get("grouped_metrics")) {
			List<Ev> channel = all.stream()
				.filter(ev -> ev.channel().equals(group.get("group_key").asString()))
				.toList();
			assertThat(group.get("total_count").asLong()).isEqualTo(channel.size());
			assertMeasures(group.get("measures"), channel);
		}
	}

	private static void assertMeasures(JsonNode measures, List<Ev> events) {
		double sum = sum(events, AnalysisIntegrationTest::numericValue);
		long carrying = events.stream().filter(ev -> numericValue(ev).isPresent()).count();
		assertThat(measures.get("sum:event_params.value").asDouble()).isCloseTo(sum, within(1e-6));
		assertThat(measures.get("avg:event_params.value").asDouble()).isCloseTo(sum / carrying, within(1e-9));
		assertThat(measures.get("revenue").asDouble()).isCloseTo(events.stream().mapToDouble(Ev::revenue).sum(),
				within(1e-6));
	}

	@Test
	void reportsNoMeanWhereNoEventCarriesTheParameter() {
		JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO
				+ "&measure=avg:event_params.absent&measure=sum:event_params.absent");

		assertThat(answer.get("measures").get("avg:event_params.absent").isNull()).isTrue();
		assertThat(answer.get("measures").get("sum:event_params.absent").asDouble()).isZero();
	}

	// ---- where events came from ----

	@Test
	void groupsByCountryWithTheEventsThatSaidNothingAsNotSet() {
		JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO + "&group_by=country");

		List<Ev> all = inRange(ev -> true);
		Function<Ev, String> country = ev -> ev.country().isEmpty() ? "(not set)" : ev.country();
		assertThat(answer.get("grouped_metrics")).extracting(group -> group.get("group_key").asString())
			.containsExactlyElementsOf(byCountThenKey(all, country))
			.contains("(not set)");
		assertGroups(answer, all, country);
	}

	@Test
	void groupsACountrysRegionsByBerlinDayWithANonAsciiName() {
		JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO
				+ "&group_by=region,daily&tz=Europe/Berlin&country=France&event_name=page_view");

		List<Ev> french = inRange(ev -> ev.country().equals("France") && ev.name().equals("page_view"));
		assertThat(answer.get("total_count").asLong()).isEqualTo(french.size()).isPositive();
		assertThat(answer.get("unique_user_count").asLong()).isEqualTo(users(french));
		Map<List<String>, List<Ev>> pairs = french.stream()
			.collect(Collectors
				.groupingBy(ev -> List.of(LocalDate.ofInstant(ev.time(), BERLIN).toString(), ev.region())));
		assertThat(pairs.keySet()).extracting(pair -> pair.get(1)).contains("Île-de-France", "Occitanie");
		for (JsonNode group : answer.get("grouped_metrics")) {
			List<Ev> pair = pairs.getOrDefault(
					List.of(group.get("group_key").asString(), group.get("group_key_2").asString()), List.of());
			assertThat(group.get("total_count").asLong()).as(group.toString()).isEqualTo(pair.size());
			assertThat(group.get("unique_user_count").asLong()).as(group.toString()).isEqualTo(users(pair));
		}
		long berlinDays = LocalDate.ofInstant(FROM, BERLIN)
			.datesUntil(LocalDate.ofInstant(TO, BERLIN).plusDays(1))
			.count();
		assertThat(answer.get("grouped_metrics")).as("every day of both regions, zero-filled")
			.hasSize((int) (2 * berlinDays));
	}

	@Test
	void filtersByAnyGeoFieldAndCountsAFunnelInOneCountry() {
		List<Ev> notGermanEurope = inRange(ev -> ev.country().equals("France"));
		JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO
				+ "&filter=geo.continent==Europe&filter=geo.country!=Germany&group_by=region");
		assertThat(answer.get("total_count").asLong()).isEqualTo(notGermanEurope.size()).isPositive();
		assertGroups(answer, notGermanEurope, Ev::region);

		List<String> steps = List.of("view_item", "add_to_cart");
		JsonNode funnel = get("/events/funnel?steps=" + String.join(",", steps) + "&window=45m&from=" + FROM + "&to="
				+ TO + "&country=United States");
		List<Long> expected = funnel(inRange(
				ev -> steps.contains(ev.name()) && !ev.userKey().isEmpty() && ev.country().equals("United States")),
				Ev::userKey, steps, Duration.ofMinutes(45));
		assertThat(funnel.get("funnel")).extracting(step -> step.get("users").asLong())
			.containsExactlyElementsOf(expected);
		assertThat(expected.get(1)).isPositive();
	}

	/** Each group's counts are those of the events with its key. */
	private static void assertGroups(JsonNode answer, List<Ev> events, Function<Ev, String> key) {
		Map<String, List<Ev>> groups = events.stream().collect(Collectors.groupingBy(key));
		assertThat(answer.get("grouped_metrics")).extracting(group -> group.get("group_key").asString())
			.containsExactlyInAnyOrderElementsOf(groups.keySet());
		for (JsonNode group : answer.get("grouped_metrics")) {
			List<Ev> own = groups.get(group.get("group_key").asString());
			assertThat(group.get("total_count").asLong()).as(group.toString()).isEqualTo(own.size());
			assertThat(group.get("unique_user_count").asLong()).as(group.toString()).isEqualTo(users(own));
		}
	}

	// ---- two dimensions ----

	@Test
	void splitsBerlinDaysByChannelWithEveryPairZeroFilled() {
		JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO
				+ "&group_by=channel,daily&tz=Europe/Berlin&unique_users=exact");

		List<Ev> all = inRange(ev -> true);
		List<String> channelOrder = byCountThenKey(all, Ev::channel);
		Map<List<String>, List<Ev>> pairs = all.stream()
			.collect(Collectors
				.groupingBy(ev -> List.of(LocalDate.ofInstant(ev.time(), BERLIN).toString(), ev.channel())));
		List<List<String>> expectedKeys = new ArrayList<>();
		for (LocalDate day = LocalDate.ofInstant(FROM, BERLIN); !day.isAfter(LocalDate.ofInstant(TO, BERLIN)); day = day
			.plusDays(1)) {
			for (String channel : channelOrder) {
				expectedKeys.add(List.of(day.toString(), channel));
			}
		}
		assertThat(answer.get("grouped_metrics"))
			.extracting(group -> List.of(group.get("group_key").asString(), group.get("group_key_2").asString()))
			.containsExactlyElementsOf(expectedKeys);
		for (JsonNode group : answer.get("grouped_metrics")) {
			List<Ev> pair = pairs.getOrDefault(
					List.of(group.get("group_key").asString(), group.get("group_key_2").asString()), List.of());
			assertThat(group.get("total_count").asLong()).as(group.toString()).isEqualTo(pair.size());
			assertThat(group.get("unique_user_count").asLong()).as(group.toString()).isEqualTo(users(pair));
		}
	}

	/**
	 * Under time, the second dimension's values beyond {@code limit} become "(other)". A
	 * channel has at most six values, so from limit 6 on the loader folds nothing without
	 * counting first; below it the count decides.
	 */
	@Test
	void foldsTheChannelsBeyondTheLimitUnderEachDayAndNoneWhenAllSixFit() {
		List<Ev> all = inRange(ev -> true);
		for (int limit : List.of(2, 6)) {
			JsonNode answer = get(
					"/events/metrics?from=" + FROM + "&to=" + TO + "&group_by=daily,channel&limit=" + limit);

			Set<String> kept = new HashSet<>(byCountThenKey(all, Ev::channel).stream().limit(limit).toList());
			Map<List<String>, List<Ev>> pairs = all.stream()
				.collect(
						Collectors.groupingBy(ev -> List.of(LocalDate.ofInstant(ev.time(), ZoneId.of("UTC")).toString(),
								kept.contains(ev.channel()) ? ev.channel() : "(other)")));
			Map<List<String>, JsonNode> answered = byPair(answer);
			pairs.forEach((key, events) -> assertThat(answered).as("limit " + limit).containsKey(key));
			assertPairCounts(answered, pairs);
			assertThat(answered.keySet().stream().anyMatch(key -> key.get(1).equals("(other)"))).as("limit " + limit)
				.isEqualTo(limit < new HashSet<>(all.stream().map(Ev::channel).toList()).size());
		}
	}

	/**
	 * Each dimension keeps its {@code limit} values with the most events; the rest of
	 * each is counted as "(other)", exactly. When every value fits, there is no
	 * "(other)".
	 */
	@Test
	void keepsTheTopValuesOfEachDimensionAndCountsTheRestAsOtherExactly() {
		List<Ev> all = inRange(ev -> true);
		for (int limit : List.of(2, 100)) {
			JsonNode answer = get(
					"/events/metrics?from=" + FROM + "&to=" + TO + "&group_by=browser,channel&limit=" + limit);

			Set<String> topBrowsers = new HashSet<>(byCountThenKey(all, Ev::browser).stream().limit(limit).toList());
			Set<String> topChannels = new HashSet<>(byCountThenKey(all, Ev::channel).stream().limit(limit).toList());
			Map<List<String>, List<Ev>> pairs = all.stream()
				.collect(Collectors
					.groupingBy(ev -> List.of(topBrowsers.contains(ev.browser()) ? ev.browser() : "(other)",
							topChannels.contains(ev.channel()) ? ev.channel() : "(other)")));
			Map<List<String>, JsonNode> answered = byPair(answer);
			assertThat(answered.keySet()).as("limit " + limit).containsExactlyInAnyOrderElementsOf(pairs.keySet());
			assertPairCounts(answered, pairs);
			assertThat(answer.get("unique_user_count").asLong()).isEqualTo(users(all));
			JsonNode last = answer.get("grouped_metrics").get(answer.get("grouped_metrics").size() - 1);
			if (limit == 2) {
				assertThat(answered).hasSize(9);
				// "other" comes last within its first value, and the other first value
				// last of all
				assertThat(last.get("group_key").asString()).isEqualTo("(other)");
				assertThat(last.get("group_key_2").asString()).isEqualTo("(other)");
			}
			else {
				assertThat(answered.keySet()).noneMatch(key -> key.contains("(other)"));
			}
		}
	}

	/**
	 * Up to 256 pairs (15 values of each dimension and "other"), the users of each pair
	 * are counted from one number per user with a bit per pair, 64, 128 or 256 bits wide;
	 * beyond, by a set of users per pair. Every width answers exactly: 8 x 8, 11 x 11, 16
	 * x 16 and 17 x 17 pairs of 23 hosts and 19 versions.
	 */
	@ParameterizedTest
	@ValueSource(ints = { 7, 10, 15, 16 })
	void countsTheUsersOfManyPairsExactlyWhateverTheWidthOfTheirBits(int limit) {
		List<Ev> all = inRange(ev -> true);
		JsonNode answer = get(
				"/events/metrics?from=" + FROM + "&to=" + TO + "&group_by=hostname,app_version&limit=" + limit);

		Set<String> topHosts = new HashSet<>(byCountThenKey(all, Ev::hostname).stream().limit(limit).toList());
		Set<String> topVersions = new HashSet<>(byCountThenKey(all, Ev::appVersion).stream().limit(limit).toList());
		Map<List<String>, List<Ev>> pairs = all.stream()
			.collect(Collectors.groupingBy(ev -> List.of(topHosts.contains(ev.hostname()) ? ev.hostname() : "(other)",
					topVersions.contains(ev.appVersion()) ? ev.appVersion() : "(other)")));
		Map<List<String>, JsonNode> answered = byPair(answer);
		assertThat(pairs).as("every pair has events").hasSize((limit + 1) * (limit + 1));
		assertThat(answered.keySet()).containsExactlyInAnyOrderElementsOf(pairs.keySet());
		assertPairCounts(answered, pairs);
		assertThat(answer.get("total_count").asLong()).isEqualTo(all.size());
		assertThat(answer.get("unique_user_count").asLong()).isEqualTo(users(all));
	}

	/**
	 * Uneven pairs both ways round (3 categories, all kept, by 15 of 23 hosts and
	 * "other": 64 bits), under a field filter and with measures: every pair's events,
	 * users and measures, and the total's, as counted in Java.
	 */
	@Test
	void countsUnevenPairsUnderAFilterWithTheirMeasuresExactly() {
		List<Ev> all = inRange(ev -> !ev.browser().equals("Opera"));
		Set<String> topHosts = new HashSet<>(byCountThenKey(all, Ev::hostname).stream().limit(15).toList());
		Function<Ev, String> host = ev -> topHosts.contains(ev.hostname()) ? ev.hostname() : "(other)";
		for (boolean hostFirst : List.of(false, true)) {
			JsonNode answer = get("/events/metrics?from=" + FROM + "&to=" + TO + "&group_by="
					+ (hostFirst ? "hostname,device_category" : "device_category,hostname")
					+ "&limit=15&filter=device.browser_name!=Opera&measure=sum:event_params.value"
					+ "&measure=avg:event_params.value&measure=revenue");

			Map<List<String>, List<Ev>> pairs = all.stream()
				.collect(Collectors.groupingBy(ev -> hostFirst ? List.of(host.apply(ev), ev.category())
						: List.of(ev.category(), host.apply(ev))));
			Map<List<String>, JsonNode> answered = byPair(answer);
			assertThat(pairs).as("every pair has events").hasSize(3 * 16);
			assertThat(answered.keySet()).as("hostname first: " + hostFirst)
				.containsExactlyInAnyOrderElementsOf(pairs.keySet());
			assertPairCounts(answered, pairs);
			pairs.forEach((key, events) -> assertMeasures(answered.get(key).get("measures"), events));
			assertThat(answer.get("total_count").asLong()).isEqualTo(all.size());
			assertThat(answer.get("unique_user_count").asLong()).isEqualTo(users(all));
			assertMeasures(answer.get("measures"), all);
		}
	}

	/** A two-dimension answer's groups by their pair of keys. */
	private static Map<List<String>, JsonNode> byPair(JsonNode answer) {
		Map<List<String>, JsonNode> answered = new HashMap<>();
		answer.get("grouped_metrics")
			.forEach(group -> answered
				.put(List.of(group.get("group_key").asString(), group.get("group_key_2").asString()), group));
		return answered;
	}

	/** Each expected pair's count and users, exactly, in the answered groups. */
	private static void assertPairCounts(Map<List<String>, JsonNode> answered, Map<List<String>, List<Ev>> pairs) {
		pairs.forEach((key, events) -> {
			assertThat(answered.get(key).get("total_count").asLong()).as(key.toString()).isEqualTo(events.size());
			assertThat(answered.get(key).get("unique_user_count").asLong()).as(key.toString()).isEqualTo(users(events));
		});
	}

	private static List<String> byCountThenKey(List<Ev> events, Function<Ev, String> key) {
		Map<String, Long> counts = events.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
		return counts.keySet()
			.stream()
			.sorted(Comparator.comparing((String k) -> counts.get(k)).reversed().thenComparing(k -> k))
			.toList();
	}

	// ---- funnels ----

	@Test
	void countsUsersThroughAFunnelInOrderWithinTheWindowOverallAndPerChannel() {
		List<String> steps = List.of("view_item", "add_to_cart", "purchase");
		Duration window = Duration.ofMinutes(45);
		JsonNode answer = get("/events/funnel?steps=" + String.join(",", steps) + "&window=45m&from=" + FROM + "&to="
				+ TO + "&group_by=channel");

		List<Ev> stepEvents = inRange(ev -> steps.contains(ev.name()) && !ev.userKey().isEmpty());
		List<Long> overall = funnel(stepEvents, Ev::userKey, steps, window);
		assertThat(answer.get("funnel")).extracting(step -> step.get("users").asLong())
			.containsExactlyElementsOf(overall);
		assertThat(overall.get(2)).as("the dataset has users who completed the funnel").isPositive();
		assertThat(overall.get(0)).isGreaterThan(overall.get(1));
		assertThat(answer.get("funnel").get(1).get("conversion_from_previous").asDouble())
			.isCloseTo((double) overall.get(1) / overall.get(0), within(1e-12));
		for (JsonNode channel : answer.get("by_channel")) {
			String name = channel.get("channel").asString();
			List<Long> expected = funnel(stepEvents.stream().filter(ev -> ev.channel().equals(name)).toList(),
					Ev::userKey, steps, window);
			assertThat(channel.get("funnel")).as(name)
				.extracting(step -> step.get("users").asLong())
				.containsExactlyElementsOf(expected);
		}
		assertThat(answer.get("by_channel")).hasSize(3);
	}

	/**
	 * For each user, the most steps found in order, each after the previous and all
	 * within the window of the step-1 event that starts them: from every step-1 event,
	 * the earliest next step each time (which finds the longest chain from that start).
	 * Then users who reached each step.
	 */
	static List<Long> funnel(List<Ev> events, Function<Ev, String> user, List<String> steps, Duration window) {
		Map<String, List<Ev>> byUser = events.stream().collect(Collectors.groupingBy(user));
		long[] reached = new long[steps.size()];
		for (List<Ev> own : byUser.values()) {
			List<Ev> sorted = own.stream().sorted(Comparator.comparing(Ev::time)).toList();
			int best = 0;
			for (int start = 0; start < sorted.size(); start++) {
				if (!sorted.get(start).name().equals(steps.get(0))) {
					continue;
				}
				Instant deadline = sorted.get(start).time().plus(window);
				int level = 1;
				for (int next = start + 1; next < sorted.size() && level < steps.size()
						&& !sorted.get(next).time().isAfter(deadline); next++) {
					if (sorted.get(next).name().equals(steps.get(level))) {
						level++;
					}
				}
				best = Math.max(best, level);
			}
			for (int step = 0; step < best; step++) {
				reached[step]++;
			}
		}
		List<Long> users = new ArrayList<>();
		for (long count : reached) {
			users.add(count);
		}
		return users;
	}

	// ---- the reference ----

	@Test
	void documentsTheNewParametersAndTheFunnelInOpenApi() {
		JsonNode docs = get("/v3/api-docs");
		assertThat(docs.at("/paths/~1events~1funnel/get").isMissingNode()).isFalse();
		String metrics = docs.at("/paths/~1events~1metrics/get").toString();
		assertThat(metrics).contains("filter", "measure", "group_key_2", "two", "country", "geo.country", "region");
	}

	// ---- refusals ----

	@Test
	void namesEveryInvalidNewParameter() {
		JsonNode problem = getProblem(
				"/events/metrics?filter=event_params.value>=ten&measure=median:x" + "&group_by=daily,hourly&limit=500");
		assertThat(problem.get("type").asString()).endsWith("/invalid-parameter");
		assertThat(problem.get("errors")).extracting(error -> error.get("parameter").asString())
			.containsExactly("filter", "group_by", "measure");

		JsonNode funnel = getProblem("/events/funnel?steps=view_item&window=2y");
		assertThat(funnel.get("errors")).extracting(error -> error.get("parameter").asString())
			.containsExactly("from", "steps", "window");
		assertThat(getProblem("/events/metrics?group_by=browser,channel&limit=101").get("errors")
			.get(0)
			.get("message")
			.asString()).contains("two dimensions");
		assertThat(
				getProblem("/events/metrics?filter=device.category>=1").get("errors").get(0).get("message").asString())
			.contains("parameters only");
		assertThat(getProblem("/events/metrics?filter=nonsense").get("errors").get(0).get("message").asString())
			.contains("no comparison");
		assertThat(getProblem("/events/metrics?country= ").get("errors").get(0).get("parameter").asString())
			.isEqualTo("country");
		assertThat(getProblem("/events/metrics?country=Germany&filter=a.b==1&filter=geo.city==x"
				+ "&filter=geo.region==y&filter=device.language==de&filter=event_params.a==1&filter=event_params.b==1"
				+ "&filter=event_params.c==1&filter=event_params.d==1&filter=event_params.e==1&filter=event_params.f==1")
			.get("errors")
			.get(0)
			.get("message")
			.asString()).contains("country= counts as one");
	}

	private JsonNode get(String uri) {
		byte[] body = web.get().uri(uri).exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
		return read(body);
	}

	private JsonNode getProblem(String uri) {
		byte[] body = web.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return read(body);
	}

	private static JsonNode read(byte[] body) {
		try {
			return JSON.readTree(Objects.requireNonNull(body));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
