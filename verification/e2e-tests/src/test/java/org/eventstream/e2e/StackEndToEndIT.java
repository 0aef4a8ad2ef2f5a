package org.eventstream.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.eventstream.e2e.GeneratedDataset.Counts;
import org.eventstream.e2e.GeneratedDataset.Event;
import org.eventstream.e2e.StackProcess.Start;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline as a user runs it: {@code ./event-stream up}, then HTTP on
 * {@code :8080} only. The tests run in order and share the stack: the seed's examples, a
 * generated dataset with resends and a repeated batch, the metrics it must give, a
 * restart that keeps the data, and stops by Ctrl-C, SIGTERM and SIGKILL that leave no
 * process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackEndToEndIT {

	static final String API = "http://localhost:8080";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final GeneratedDataset DATASET = new GeneratedDataset(3000, 4, 20261127L);

	static final List<Long> VISIBILITY_MILLIS = new ArrayList<>();

	@TempDir
	static Path dataDir;

	static StackProcess stack;

	@BeforeAll
	static void up() throws Exception {
		stack = StackProcess.up(dataDir.resolve("data"));
	}

	@AfterAll
	static void down() {
		if (stack != null) {
			stack.kill();
		}
	}

	@Test
	@Order(1)
	void theSeedsCurlExamplesWorkVerbatim() throws Exception {
		JsonNode single = runSeedExample("1-create-single-event.sh").get(0);
		assertThat(single.propertyNames()).containsExactly("id");
		assertThat(single.get("id").asString()).matches("[0-9a-f-]{36}");

		JsonNode batch = runSeedExample("2-create-batch-events.sh").get(0);
		assertThat(batch.get("ids")).hasSize(2);
		batch.get("ids").forEach(id -> assertThat(id.asString()).matches("[0-9a-f-]{36}"));

		// the two page_views above reach the metrics within the visibility bound
		awaitCount("event_name=page_view", 2);
		List<JsonNode> metrics = runSeedExample("3-get-metrics.sh");
		assertThat(metrics).hasSize(5);
		for (JsonNode answer : metrics) {
			assertThat(answer.propertyNames()).contains("event_name", "from", "to", "total_count", "unique_user_count",
					"grouped_metrics");
			assertThat(answer.get("event_name").asString()).isEqualTo("page_view");
		}
		assertThat(metrics.get(0).get("total_count").asLong()).isEqualTo(2);
		assertThat(metrics.get(0).get("unique_user_count").asLong()).isEqualTo(1);
		assertThat(metrics.get(1).get("from").asString()).isEqualTo("2024-01-01T00:00:00Z");
		assertThat(metrics.get(1).get("to").asString()).isEqualTo("2024-01-31T23:59:59Z");
		assertThat(metrics.get(1).get("total_count").asLong()).isZero();
		assertThat(metrics.get(1).get("unique_user_count").asLong()).isZero();
		assertThat(metrics.get(2).get("grouped_metrics")).singleElement()
			.satisfies(group -> assertThat(group.toString())
				.isEqualTo("{\"group_key\":\"web\",\"total_count\":2,\"unique_user_count\":1}"));
		assertThat(metrics.get(3).get("grouped_metrics")).isNotEmpty();
		assertThat(metrics.get(4).get("grouped_metrics")).isNotEmpty();
	}

	@Test
	@Order(2)
	void theSeedsFullSchemaExampleIsAcceptedWithItsTimeIn2009() throws Exception {
		JsonNode answer = runSeedExample("4-full-event-schema.sh").get(0);
		assertThat(answer.get("id").asString()).as(answer.toString()).matches("[0-9a-f-]{36}");

		String february2009 = "event_name=purchase&from=2009-02-13T00:00:00Z&to=2009-02-14T12:00:00Z";
		awaitCount(february2009, 1);
		JsonNode daily = metrics(february2009 + "&group_by=daily");
		assertThat(daily.get("unique_user_count").asLong()).isEqualTo(1);
		assertThat(daily.get("grouped_metrics").get(0).toString())
			.isEqualTo("{\"group_key\":\"2009-02-13\",\"total_count\":1,\"unique_user_count\":1}");
	}

	@Test
	@Order(3)
	void storesEveryEventOnceAndShowsItWithinTwoSeconds() throws Exception {
		List<Event> events = DATASET.events;
		int plain = events.size() - 100;
		int stored = 0;
		for (int start = 0; start < plain; start += 250) {
			List<Event> batch = events.subList(start, Math.min(plain, start + 250));
			// a client resending, unchanged, a few events it already sent
			List<Event> sent = new ArrayList<>((start == 0) ? List.of() : events.subList(start - 10, start));
			sent.addAll(batch);
			HttpResponse<String> response = post("/events/batch", batch(sent), null);
			long acceptedAt = System.nanoTime();
			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			assertThat(JSON.readTree(response.body()).get("ids")).hasSize(sent.size());
			stored += batch.size();
			awaitCount(window(), stored);
			VISIBILITY_MILLIS.add((System.nanoTime() - acceptedAt) / 1_000_000);
		}
		// the last 100 as one batch with an Idempotency-Key, sent twice: the same ids
		String last = batch(events.subList(plain, events.size()));
		HttpResponse<String> first = post("/events/batch", last, "e2e-last-batch");
		HttpResponse<String> again = post("/events/batch", last, "e2e-last-batch");
		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(again.body()).isEqualTo(first.body());
		// and single events sent again one by one
		for (Event event : events.subList(0, 20)) {
			assertThat(post("/events", event.json(), null).statusCode()).isEqualTo(202);
		}
		awaitCount(window(), events.size());
		Thread.sleep(2000);
		assertThat(metrics(window()).get("total_count").asLong()).isEqualTo(events.size());
		System.out.println("[e2e] ms from a batch's 2xx until the metrics count it: " + VISIBILITY_MILLIS);
		assertThat(VISIBILITY_MILLIS).allSatisfy(millis -> assertThat(millis).isLessThanOrEqualTo(2000));
	}

	@Test
	@Order(4)
	void metricsEqualWhatTheDatasetImplies() throws Exception {
		for (String name : List.of("page_view", "purchase", "search")) {
			Predicate<Event> named = event -> event.name().equals(name);
			JsonNode totals = metrics(window() + "&event_name=" + name);
			assertThat(counts(totals)).as(name).isEqualTo(DATASET.counts(named));
			for (String groupBy : List.of("channel", "daily", "hourly", "device_category", "operating_system",
					"browser", "device_brand", "language", "hostname", "app_id", "app_version", "country", "region")) {
				JsonNode grouped = metrics(window() + "&event_name=" + name + "&group_by=" + groupBy);
				assertThat(counts(grouped)).as(name + " by " + groupBy + ", totals").isEqualTo(DATASET.counts(named));
				assertThat(groups(grouped)).as(name + " by " + groupBy).isEqualTo(DATASET.groups(named, groupBy));
			}
		}
		JsonNode allNames = metrics(window() + "&group_by=event_name");
		assertThat(counts(allNames)).isEqualTo(DATASET.counts(event -> true));
		assertThat(groups(allNames)).isEqualTo(DATASET.groups(event -> true, "event_name"));

		Predicate<Event> mobileOrTv = event -> event.channel().equals("mobile") || event.channel().equals("tv");
		JsonNode filtered = metrics(window() + "&event_name=page_view&channel=mobile,tv&group_by=channel");
		assertThat(counts(filtered))
			.isEqualTo(DATASET.counts(mobileOrTv.and(event -> event.name().equals("page_view"))));
		JsonNode platform = metrics(window() + "&event_name=page_view&platform=mobile&platform=tv");
		assertThat(counts(platform)).isEqualTo(counts(filtered));

		// a field filter and a funnel, through the front door
		JsonNode mobileDevices = metrics(window() + "&event_name=page_view&filter=device.category==mobile");
		assertThat(counts(mobileDevices)).isEqualTo(DATASET.counts(event -> event.name().equals("page_view")
				&& event.dimensions().get("device_category").equals("mobile")));
		JsonNode brazil = metrics(window() + "&country=Brazil&group_by=region");
		Predicate<Event> inBrazil = event -> event.dimensions().get("country").equals("Brazil");
		assertThat(counts(brazil)).isEqualTo(DATASET.counts(inBrazil));
		assertThat(groups(brazil)).isEqualTo(DATASET.groups(inBrazil, "region"));
		HttpResponse<String> funnel = HTTP.send(HttpRequest
			.newBuilder(URI
				.create(API + "/events/funnel?steps=page_view,purchase&window=1d&" + window().replace("+", "%2B")))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(funnel.statusCode()).as(funnel.body()).isEqualTo(200);
		assertThat(JSON.readTree(funnel.body()).get("funnel").get(0).get("users").asLong())
			.isEqualTo(DATASET.counts(event -> event.name().equals("page_view")).users());
	}

	/**
	 * The analyst's page in real Chromium ({@code dashboard/test/dashboard.test.mjs}):
	 * the dataset's four days (daily), a day and a half of one channel in Berlin's time
	 * (hourly, approximate users) and a range the API refuses; what each shows equals
	 * what the API answers and what the dataset implies, and a refusal is shown with the
	 * API's own words. Screenshots go to {@code target/dashboard-screenshots/}.
	 */
	@Test
	@Order(5)
	void theDashboardShowsWhatTheApiAnswersAndTheDatasetImplies() throws Exception {
		Instant end = DATASET.to.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
		String berlin = "from=" + end.minus(Duration.ofHours(36)) + "&to=" + end
				+ "&tz=Europe/Berlin&event=purchase&channel=mobile&users=approximate";
		Map<String, String> views = new java.util.LinkedHashMap<>();
		views.put("dataset", "range=custom&from=" + DATASET.from + "&to=" + end + "&tz=UTC&event=page_view");
		views.put("hourly-berlin", "range=custom&" + berlin);
		views.put("refused", "range=custom&from=" + end + "&to=" + end.minus(Duration.ofDays(1)) + "&tz=UTC");
		JsonNode shown = dashboard(views);

		Predicate<Event> pageViews = event -> event.name().equals("page_view");
		JsonNode dataset = shown.get("dataset");
		assertThat(new Counts(dataset.get("total").asLong(), dataset.get("unique").asLong()))
			.isEqualTo(DATASET.counts(pageViews));
		assertThat(dataset.get("bucket").asString()).isEqualTo("daily, UTC");
		assertThat(rows(dataset.get("series"))).isEqualTo(DATASET.groups(pageViews, "daily"));
		for (String dimension : List.of("channel", "device_category", "operating_system", "browser", "app_version")) {
			assertThat(rows(dataset.get("breakdowns").get(dimension))).as(dimension)
				.isEqualTo(DATASET.groups(pageViews, dimension));
		}
		List<String> names = new ArrayList<>();
		dataset.get("names").forEach(name -> names.add(name.asString()));
		assertThat(names).contains("", "page_view", "button_click", "purchase", "sign_up", "search");
		assertThat(dataset.get("chart_drawn").asBoolean()).isTrue();
		assertThat(dataset.get("problem").isNull()).isTrue();
		assertThat(dataset.get("csv").asString()).startsWith("Channel,events,unique users\n")
			.contains("\nweb," + DATASET.groups(pageViews, "channel").get("web").total() + ",");

		JsonNode hourly = shown.get("hourly-berlin");
		JsonNode api = metrics(
				berlin.replace("&event=", "&event_name=").replace("&users=", "&unique_users=") + "&group_by=hourly");
		assertThat(hourly.get("total").asLong()).isEqualTo(api.get("total_count").asLong());
		assertThat(hourly.get("unique").asLong()).isEqualTo(api.get("unique_user_count").asLong());
		assertThat(hourly.get("unique_text").asString()).endsWith("≈");
		assertThat(hourly.get("bucket").asString()).isEqualTo("hourly, Europe/Berlin");
		List<String> apiSeries = new ArrayList<>();
		api.get("grouped_metrics")
			.forEach(group -> apiSeries.add(group.get("group_key").asString() + " " + group.get("total_count").asLong()
					+ " " + group.get("unique_user_count").asLong()));
		List<String> pageSeries = new ArrayList<>();
		hourly.get("series")
			.forEach(row -> pageSeries
				.add(row.get(0).asString() + " " + row.get(1).asLong() + " " + row.get(2).asLong()));
		assertThat(pageSeries).isEqualTo(apiSeries).hasSizeGreaterThanOrEqualTo(36);

		JsonNode refused = shown.get("refused");
		assertThat(refused.get("problem").asString()).contains("400");
		HttpResponse<String> direct = HTTP.send(HttpRequest
			.newBuilder(URI.create(API + "/events/metrics?from=" + end + "&to=" + end.minus(Duration.ofDays(1))))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(direct.statusCode()).isEqualTo(400);
		JsonNode error = JSON.readTree(direct.body()).get("errors").get(0);
		assertThat(refused.get("problem").asString()).startsWith("The API refused this view: 400 Invalid parameter")
			.contains(error.get("parameter").asString() + " " + error.get("message").asString());
		views.keySet()
			.forEach(view -> System.out.println("[e2e] dashboard view " + view + " loaded in "
					+ shown.get(view).get("loaded_in_ms").asLong() + " ms (first view includes the browser start)"));
	}

	private static JsonNode dashboard(Map<String, String> views) throws Exception {
		List<Map<String, String>> list = new ArrayList<>();
		views.forEach((name, query) -> list.add(Map.of("name", name, "query", query)));
		Path shots = Path.of("target/dashboard-screenshots").toAbsolutePath();
		Process test = new ProcessBuilder("node", "test/dashboard.test.mjs", "--base=" + API + "/dashboard/",
				"--shots=" + shots, "--views=" + JSON.writeValueAsString(list))
			.directory(StackProcess.HOME.resolve("dashboard").toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		String output = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(test.waitFor(3, TimeUnit.MINUTES)).isTrue();
		assertThat(test.exitValue()).as("the dashboard test (its output is above)").isZero();
		return JSON.readTree(output.lines().reduce((first, last) -> last).orElseThrow());
	}

	/**
	 * A table of the page as groups: the non-empty rows (time series are zero-filled).
	 */
	private static Map<String, Counts> rows(JsonNode table) {
		Map<String, Counts> rows = new TreeMap<>();
		for (JsonNode row : table) {
			Counts counts = new Counts(row.get(1).asLong(), row.get(2).asLong());
			if (counts.total() > 0) {
				rows.put(row.get(0).asString(), counts);
			}
		}
		return rows;
	}

	/**
	 * Three years of history and a GA4 export sample through
	 * {@code ./event-stream import}: a first run killed part-way, a second that resumes
	 * it, a third that sends it all again; every event counted once, exact and
	 * approximate.
	 */
	@Test
	@Order(6)
	void importsHistoryOnceWhenCutShortResumedAndSentAgain() throws Exception {
		GeneratedDataset history = new GeneratedDataset(3000, 3 * 365, 20221231L,
				Instant.parse("2022-12-31T00:00:00Z"));
		Path file = dataDir.resolve("history.ndjson");
		List<String> lines = new ArrayList<>(history.events.stream().map(Event::json).toList());
		lines.addAll(Files
			.readAllLines(StackProcess.HOME.resolve("local/stack/src/test/resources/ga4-export-sample.ndjson")));
		Files.write(file, lines);

		Process cut = importing(file, "--chunk-lines=1");
		Path imports = dataDir.resolve("data/imports");
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (linesDone(imports) < 100 && cut.isAlive() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		cut.destroyForcibly().waitFor();
		assertThat(linesDone(imports)).as("the first run saved its progress before it was killed").isPositive();

		assertThat(finished(importing(file))).contains("resuming after line", "imported " + file);
		assertThat(finished(importing(file))).doesNotContain("resuming").contains("imported " + file);

		String range = "from=" + history.from + "&to=" + history.to;
		awaitCount(range, history.events.size(), Duration.ofSeconds(30));
		for (String name : List.of("page_view", "purchase", "search")) {
			Predicate<Event> named = event -> event.name().equals(name);
			JsonNode exact = metrics(range + "&event_name=" + name + "&group_by=channel");
			assertThat(counts(exact)).as(name).isEqualTo(history.counts(named));
			assertThat(groups(exact)).as(name + " by channel").isEqualTo(history.groups(named, "channel"));
			JsonNode approximate = metrics(range + "&event_name=" + name + "&unique_users=approximate");
			assertThat(approximate.get("total_count").asLong()).isEqualTo(history.counts(named).total());
			assertThat((double) approximate.get("unique_user_count").asLong()).isCloseTo(history.counts(named).users(),
					org.assertj.core.data.Percentage.withPercentage(5));
		}
		JsonNode month = metrics(
				"from=2021-03-01T00:00:00Z&to=2021-03-31T23:59:59Z&event_name=page_view&group_by=daily");
		Predicate<Event> marchPageViews = event -> event.name().equals("page_view")
				&& event.time().toString().startsWith("2021-03");
		assertThat(groups(month)).isEqualTo(history.groups(marchPageViews, "daily"));

		// the GA4 rows: June 2023, three events by three users, one on the web, two on
		// mobile
		JsonNode ga4 = metrics("from=2023-06-01T00:00:00Z&to=2023-06-03T00:00:00Z&group_by=channel");
		assertThat(counts(ga4)).isEqualTo(new Counts(3, 3));
		assertThat(groups(ga4)).isEqualTo(Map.of("mobile", new Counts(2, 2), "web", new Counts(1, 1)));
	}

	private static Process importing(Path file, String... options) throws Exception {
		List<String> command = new ArrayList<>(List.of(StackProcess.HOME.resolve("event-stream").toString(), "import",
				file.toString(), "--data-dir=" + dataDir.resolve("data")));
		command.addAll(List.of(options));
		ProcessBuilder builder = new ProcessBuilder(command).directory(StackProcess.HOME.toFile())
			.redirectErrorStream(true);
		builder.environment().put("EVENT_STREAM_BUILD", "never");
		return builder.start();
	}

	private static String finished(Process importing) throws Exception {
		String output = new String(importing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(importing.waitFor()).as(output).isZero();
		return output;
	}

	/** The lines the interrupted import saved as done, from its state file. */
	private static long linesDone(Path imports) throws Exception {
		if (!Files.isDirectory(imports)) {
			return 0;
		}
		try (var files = Files.list(imports)) {
			for (Path state : files.filter(path -> path.toString().endsWith(".import")).toList()) {
				java.util.Properties saved = new java.util.Properties();
				try (var in = Files.newBufferedReader(state)) {
					saved.load(in);
				}
				catch (java.io.IOException ex) {
					continue; // being replaced
				}
				return Long.parseLong(saved.getProperty("lines_done", "0"));
			}
		}
		return 0;
	}

	@Test
	@Order(7)
	void ctrlCStopsEverythingAndARestartKeepsTheData() throws Exception {
		JsonNode before = metrics(window() + "&group_by=channel");
		List<ProcessHandle> processes = stack.descendants();
		assertThat(processes).as("kafka, clickhouse, three services, front door").hasSizeGreaterThanOrEqualTo(6);

		int status = stack.interrupt();
		assertThat(status).as(stack.output()).isEqualTo(130);
		assertThat(processes).as("every process of the stack stopped").noneMatch(ProcessHandle::isAlive);
		assertThat(stack.output()).contains("stopped front-door", "stopped event-writer", "stopped kafka");

		// started as `nohup ./event-stream up &` from a script: Ctrl-C cannot reach it,
		// and
		// it says so
		stack = StackProcess.up(Start.BACKGROUND_JOB, dataDir.resolve("data"), Map.of());
		assertThat(stack.output()).contains("SIGINT is ignored in this process",
				"./event-stream down stops everything");
		JsonNode after = metrics(window() + "&group_by=channel");
		assertThat(after).isEqualTo(before);
	}

	@Test
	@Order(8)
	void statusDownAndWipeFromAnotherTerminal() throws Exception {
		String status = run("status");
		assertThat(status).contains("running (pid " + stack.pid() + ")")
			.containsPattern("event-writer +up, pid \\d+")
			.containsPattern("front-door +up, pid \\d+");
		List<ProcessHandle> processes = stack.descendants();

		// down sends SIGTERM, which stops a launcher that ignores SIGINT and SIGHUP
		assertThat(run("down")).contains("stopped");
		assertThat(processes).noneMatch(ProcessHandle::isAlive);
		assertThat(stack.tagged()).isEmpty();
		assertThat(run("status")).contains("not running");

		assertThat(run("wipe")).contains("deleted " + dataDir.resolve("data"));
		assertThat(dataDir.resolve("data")).doesNotExist();
	}

	@Test
	@Order(9)
	void aDetachedStackShowsItsLogsAndNoProcessOutlivesItsLauncherKilledWithSigkill() throws Exception {
		String started = run("up", "--detach", "--without=event-writer,metrics-api");
		assertThat(started).contains("Event Stream is up.", "running in the background");
		long launcher = Long.parseLong(Files.readString(dataDir.resolve("data/run/stack.pid")).trim());
		try {
			List<ProcessHandle> processes = StackProcess.tagged(dataDir.resolve("data"));
			assertThat(processes).as("kafka, clickhouse, ingest-api, front door").hasSize(4);
			assertThat(run("logs")).contains("==> kafka <==", "==> ingest-api <==", "==> launcher <==");
			assertThat(run("logs", "front-door")).contains("starting: ");

			ProcessHandle.of(launcher).orElseThrow().destroyForcibly();
			for (ProcessHandle process : processes) {
				assertThat(process.onExit().get(2, TimeUnit.MINUTES).isAlive())
					.as(process.info().commandLine().orElse("?") + " stopped by itself")
					.isFalse();
			}
			assertThat(run("status")).contains("not running");
		}
		finally {
			ProcessHandle.of(launcher).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	/** {@code ./event-stream <arguments>} on this test's data directory; its output. */
	private static String run(String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(StackProcess.HOME.resolve("event-stream").toString()));
		command.addAll(List.of(arguments));
		command.add("--data-dir=" + dataDir.resolve("data"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(StackProcess.HOME.toFile())
			.redirectErrorStream(true);
		builder.environment().put("EVENT_STREAM_BUILD", "never");
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
		return output;
	}

	private static List<JsonNode> runSeedExample(String file) throws Exception {
		Path script = Path.of(StackEndToEndIT.class.getResource("/seed-examples/" + file).toURI());
		Process curl = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(curl.waitFor()).as(file + " printed " + output).isZero();
		List<JsonNode> answers = new ArrayList<>();
		try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(output)) {
			values.forEachRemaining(answers::add);
		}
		return answers;
	}

	/** Polls until the metrics count {@code expected} events, for at most 2 s. */
	private static void awaitCount(String query, long expected) throws Exception {
		awaitCount(query, expected, Duration.ofMillis(2000));
	}

	private static void awaitCount(String query, long expected, Duration patience) throws Exception {
		long deadline = System.nanoTime() + patience.toNanos();
		long seen = -1;
		while (System.nanoTime() < deadline) {
			seen = metrics(query).get("total_count").asLong();
			if (seen == expected) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("after " + patience + " the metrics count " + seen + " events, not " + expected + " ("
				+ query + ")\nthe stack said:\n" + stack.output());
	}

	private static String window() {
		return "from=" + DATASET.from + "&to=" + DATASET.to;
	}

	private static JsonNode metrics(String query) throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(API + "/events/metrics?" + query.replace("+", "%2B"))).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static HttpResponse<String> post(String path, String body, String idempotencyKey) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(API + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", URLEncoder.encode(idempotencyKey, StandardCharsets.UTF_8));
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String batch(List<Event> events) {
		return "{\"events\":[" + String.join(",", events.stream().map(Event::json).toList()) + "]}";
	}

	private static Counts counts(JsonNode answer) {
		return new Counts(answer.get("total_count").asLong(), answer.get("unique_user_count").asLong());
	}

	/** The non-empty groups; the zero-filled time buckets must count no users either. */
	private static Map<String, Counts> groups(JsonNode answer) {
		Map<String, Counts> groups = new TreeMap<>();
		for (JsonNode group : answer.get("grouped_metrics")) {
			Counts counts = counts(group);
			if (counts.total() > 0) {
				groups.put(group.get("group_key").asString(), counts);
			}
			else {
				assertThat(counts.users()).isZero();
			}
		}
		return groups;
	}

}
