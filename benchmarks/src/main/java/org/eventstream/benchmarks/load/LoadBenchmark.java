package org.eventstream.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load against the running stack ({@code ./event-stream up}), with the baselines measured
 * in the same run. Prints progress every second and a summary; writes
 * {@code benchmarks/results/load-<time>-<mode>.json} and {@code .svg}.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks exec:java -Dbenchmark.main=org.eventstream.benchmarks.load.LoadBenchmark \
 *   -Dexec.args="--mode=batch --duration=60s"          # flat out, 64 requests in flight
 *   -Dexec.args="--mode=single --rate=5000 --duration=60s"  # fixed rate, events/s
 * options: --target --writer --kafka --clickhouse --data-dir (the stack's), --connections,
 * --concurrency, --batch, --warmup (20s, same load, not counted), --baselines=true|false|only,
 * --baseline-duration, --out
 * </pre>
 */
public final class LoadBenchmark {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern ROWS_WRITTEN = Pattern
		.compile("(?m)^event_writer_rows_written_total(?:\\{[^}]*})? ([0-9.eE+]+)$");

	private final Map<String, String> options;

	private final Http http;

	private final String mode;

	private final int batchSize;

	private final String runId = Long.toString(System.currentTimeMillis(), 36);

	private final Recorder latency = new Recorder(3);

	private final Histogram overall = new Histogram(3);

	private final LongAdder acceptedEvents = new LongAdder();

	private final LongAdder requests = new LongAdder();

	private final Map<Integer, LongAdder> errors = new ConcurrentHashMap<>();

	private final List<Map<String, Object>> seconds = new ArrayList<>();

	private final Histogram freshness = new Histogram(3);

	private final AtomicLong freshnessFailures = new AtomicLong();

	private LoadBenchmark(Map<String, String> options) {
		this.options = options;
		this.mode = option("mode", "batch");
		this.batchSize = "batch".equals(mode) ? Integer.parseInt(option("batch", "100")) : 1;
		this.http = new Http(option("target", "http://localhost:8080"), Integer.parseInt(option("connections", "64")));
		if (!List.of("batch", "single").contains(mode)) {
			throw new IllegalArgumentException("--mode must be batch or single");
		}
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (!arg.startsWith("--") || eq < 0) {
				throw new IllegalArgumentException("options are --name=value: " + arg);
			}
			options.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		new LoadBenchmark(options).run();
		System.exit(0);
	}

	private String option(String name, String fallback) {
		return options.getOrDefault(name, fallback);
	}

	private static Duration duration(String text) {
		return Duration.parse("PT" + text.toUpperCase());
	}

	private void run() throws Exception {
		Duration length = duration(option("duration", "60s"));
		Duration baselineLength = duration(option("baseline-duration", "10s"));
		int concurrency = Integer.parseInt(option("concurrency", "64"));
		double rate = Double.parseDouble(option("rate", "0"));
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("started", Instant.now().toString());
		result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
				System.getProperty("java.version"), "os", System.getProperty("os.name")));
		result.put("options",
				Map.of("mode", mode, "batch", batchSize, "rate_events_per_s", rate, "concurrency", concurrency,
						"duration_s", length.toSeconds(), "warmup_s", duration(option("warmup", "20s")).toSeconds()));

		Map<String, Object> baselines = new LinkedHashMap<>();
		if (!"false".equals(option("baselines", "true"))) {
			say("baseline: raw Kafka producer, " + baselineLength.toSeconds() + " s ...");
			baselines.put("kafka_producer_records_per_s",
					Math.round(Baselines.kafkaProducer(option("kafka", "localhost:9092"), baselineLength)));
			say("baseline: raw ClickHouse insert (the writer's store), " + baselineLength.toSeconds() + " s ...");
			baselines.put("clickhouse_insert_rows_per_s", Math.round(Baselines
				.clickHouseInsert(option("clickhouse", "http://user:1234@localhost:8123"), baselineLength)));
			say("baseline: trivial WebFlux endpoint, " + baselineLength.toSeconds() + " s ...");
			baselines.put("webflux_trivial_requests_per_s",
					Math.round(Baselines.trivialWebFlux(concurrency, baselineLength)));
			say("baselines: " + baselines);
		}
		result.put("baselines", baselines);
		if ("only".equals(option("baselines", "true"))) {
			return;
		}

		Duration warmup = duration(option("warmup", "20s"));
		if (!warmup.isZero()) {
			say("warm-up: the same load for " + warmup.toSeconds() + " s, not counted ...");
			((rate > 0) ? fixedRate(rate, warmup) : flatOut(concurrency, warmup)).blockLast();
			Thread.sleep(5000);
			latency.reset();
			acceptedEvents.reset();
			requests.reset();
			errors.clear();
		}
		String writer = option("writer", "http://localhost:8083");
		double rowsBefore = rowsWritten(writer).orElse(0.0);
		Path dataDir = Path.of(option("data-dir", "data"));
		Map<String, Long> cpuBefore = cpuTicks(dataDir);
		AtomicBoolean running = new AtomicBoolean(true);
		Thread probe = new Thread(() -> probeFreshness(running), "freshness-probe");
		probe.setDaemon(true);
		say("load: " + mode
				+ (rate > 0 ? " at " + (long) rate + " events/s" : " flat out, " + concurrency + " requests in flight")
				+ " for " + length.toSeconds() + " s against " + option("target", "http://localhost:8080"));
		long start = System.nanoTime();
		Flux<Integer> load = (rate > 0) ? fixedRate(rate, length) : flatOut(concurrency, length);
		var subscription = load.subscribe();
		probe.start();
		double lastRows = rowsBefore;
		long lastAccepted = 0;
		List<Double> writerRates = new ArrayList<>();
		for (int second = 1; !subscription.isDisposed() || second == 1; second++) {
			Thread.sleep(Math.max(0, start + second * 1_000_000_000L - System.nanoTime()) / 1_000_000);
			Histogram interval = latency.getIntervalHistogram();
			overall.add(interval);
			long accepted = acceptedEvents.sum();
			double rows = rowsWritten(writer).orElse(lastRows);
			Map<String, Object> sample = new LinkedHashMap<>();
			sample.put("second", second);
			sample.put("accepted_events", accepted - lastAccepted);
			sample.put("writer_rows", Math.round(rows - lastRows));
			sample.put("latency_p50_ms", interval.getValueAtPercentile(50) / 1000.0);
			sample.put("latency_p99_ms", interval.getValueAtPercentile(99) / 1000.0);
			seconds.add(sample);
			writerRates.add(rows - lastRows);
			say(String.format("%3d s  accepted %,8d ev/s  written %,8d rows/s  p50 %6.1f ms  p99 %7.1f ms  errors %s",
					second, accepted - lastAccepted, Math.round(rows - lastRows),
					interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
					errorCounts()));
			lastAccepted = accepted;
			lastRows = rows;
			if (second > length.toSeconds() + 120) {
				break;
			}
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		Map<String, Long> cpuAfter = cpuTicks(dataDir);
		running.set(false);
		say("load done; waiting for the writer to store everything ...");
		long drainStart = System.nanoTime();
		double target = rowsBefore + acceptedEvents.sum();
		double rows = rowsWritten(writer).orElse(0.0);
		while (rows < target && System.nanoTime() - drainStart < Duration.ofMinutes(5).toNanos()) {
			Thread.sleep(250);
			rows = rowsWritten(writer).orElse(rows);
		}
		double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
		probe.join(15_000);

		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("accepted_events", acceptedEvents.sum());
		summary.put("requests", requests.sum());
		summary.put("accepted_events_per_s", Math.round(acceptedEvents.sum() / elapsed));
		summary.put("requests_per_s", Math.round(requests.sum() / elapsed));
		summary.put("errors_by_status", errorCounts());
		summary.put("latency_ms", percentiles(overall, 1000.0));
		summary.put("freshness_ms", percentiles(freshness, 1.0));
		summary.put("freshness_probes_not_seen_in_10s", freshnessFailures.get());
		summary.put("writer_rows_per_s_peak_5s", Math.round(peak(writerRates, 5)));
		summary.put("writer_drain_after_load_s", Math.round(drainSeconds * 10) / 10.0);
		summary.put("writer_stored_all", rows >= target);
		summary.put("peak_rss_mb", peakRss(dataDir));
		Map<String, Object> cpuShare = new TreeMap<>();
		cpuAfter.forEach((name, ticks) -> cpuShare.put(name,
				Math.round((ticks - cpuBefore.getOrDefault(name, 0L)) / 100.0 / elapsed * 100) / 100.0));
		summary.put("cpu_cores_used_during_load", cpuShare);
		if (baselines.containsKey("kafka_producer_records_per_s")) {
			summary.put("ratio_to_kafka_producer", ratio(acceptedEvents.sum() / elapsed,
					((Number) baselines.get("kafka_producer_records_per_s")).doubleValue()));
			summary.put("ratio_writer_to_clickhouse_insert", ratio(peak(writerRates, 5),
					((Number) baselines.get("clickhouse_insert_rows_per_s")).doubleValue()));
			summary.put("ratio_requests_to_trivial_webflux", ratio(requests.sum() / elapsed,
					((Number) baselines.get("webflux_trivial_requests_per_s")).doubleValue()));
		}
		result.put("summary", summary);
		result.put("seconds", seconds);
		write(result);
	}

	/** As many requests as {@code concurrency} allows, for {@code length}. */
	private Flux<Integer> flatOut(int concurrency, Duration length) {
		GaEvents events = new GaEvents(System.nanoTime());
		long end = System.nanoTime() + length.toNanos();
		return Flux.<String>generate(sink -> sink.next(body(events)))
			.takeWhile(ignored -> System.nanoTime() < end)
			.flatMap(body -> send(body, System.nanoTime()), concurrency);
	}

	/**
	 * Requests at a fixed rate of events, on a 10 ms tick; latency counts from when a
	 * request was due, so a slow answer cannot hide the requests queued behind it.
	 */
	private Flux<Integer> fixedRate(double eventsPerSecond, Duration length) {
		GaEvents events = new GaEvents(System.nanoTime());
		double requestsPerTick = eventsPerSecond / batchSize / 100.0;
		long ticks = length.toMillis() / 10;
		long start = System.nanoTime();
		double[] owed = { 0 };
		return Flux.interval(Duration.ofMillis(10)).take(ticks).concatMap(tick -> {
			owed[0] += requestsPerTick;
			int now = (int) owed[0];
			owed[0] -= now;
			long due = start + tick * 10_000_000L;
			return Flux.range(0, now).map(i -> body(events)).map(body -> Map.entry(due, body));
		}).flatMap(entry -> send(entry.getValue(), entry.getKey()), 100_000);
	}

	private String body(GaEvents events) {
		return "batch".equals(mode) ? events.batch(batchSize, Instant.now()) : events.next(Instant.now());
	}

	private Mono<Integer> send(String body, long due) {
		return http.post("batch".equals(mode) ? "/events/batch" : "/events", body)
			.map(Http.Answer::status)
			.onErrorReturn(599)
			.doOnNext(status -> {
				latency.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
				requests.increment();
				if (status / 100 == 2) {
					acceptedEvents.add(batchSize);
				}
				else {
					errors.computeIfAbsent(status, key -> new LongAdder()).increment();
				}
			});
	}

	/**
	 * One probe event every second under its own name; the time from its 2xx until
	 * {@code /events/metrics} counts it.
	 */
	private void probeFreshness(AtomicBoolean running) {
		String name = "bench_probe_" + runId;
		String from = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
		long sent = 0;
		while (running.get()) {
			long started = System.nanoTime();
			Http.Answer answer = http
				.post("/events", "{\"name\":\"" + name + "\",\"channel_type\":\"other\",\"user_id\":\"probe\"}")
				.block();
			if (answer == null || answer.status() / 100 != 2) {
				sleep(1000);
				continue;
			}
			sent++;
			long acceptedAt = System.nanoTime();
			boolean seen = false;
			while (System.nanoTime() - acceptedAt < 10_000_000_000L) {
				Http.Answer metrics = http.get("/events/metrics?event_name=" + name + "&from=" + from).block();
				if (metrics != null && metrics.status() == 200
						&& JSON.readTree(metrics.body()).get("total_count").asLong() >= sent) {
					freshness.recordValue((System.nanoTime() - acceptedAt) / 1_000_000);
					seen = true;
					break;
				}
				sleep(20);
			}
			if (!seen) {
				freshnessFailures.incrementAndGet();
			}
			sleep(Math.max(0, 1000 - (System.nanoTime() - started) / 1_000_000));
		}
	}

	private final Map<String, Http> writers = new ConcurrentHashMap<>();

	private Optional<Double> rowsWritten(String writer) {
		try {
			Http.Answer answer = writers.computeIfAbsent(writer, url -> new Http(url, 1))
				.get("/actuator/prometheus")
				.block(Duration.ofSeconds(5));
			Matcher matcher = ROWS_WRITTEN.matcher(answer.body());
			return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.of(0.0);
		}
		catch (RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** Peak resident memory (VmHWM) of every process the stack started. */
	private static Map<String, Long> peakRss(Path dataDir) {
		Map<String, Long> rss = new TreeMap<>();
		try (var pidFiles = Files.list(dataDir.resolve("run"))) {
			for (Path pidFile : pidFiles.toList()) {
				String name = pidFile.getFileName().toString().replace(".pid", "");
				if (name.equals("stack")) {
					continue;
				}
				Path status = Path.of("/proc", Files.readString(pidFile).trim(), "status");
				for (String line : Files.readAllLines(status)) {
					if (line.startsWith("VmHWM:")) {
						rss.put(name, Long.parseLong(line.replaceAll("\\D", "")) / 1024);
					}
				}
			}
		}
		catch (Exception ex) {
			rss.put("unavailable: " + ex.getMessage(), 0L);
		}
		return rss;
	}

	/**
	 * CPU time (user + system, in clock ticks of 10 ms) of every process of the stack and
	 * of this load generator, to see what bounds a result.
	 */
	private static Map<String, Long> cpuTicks(Path dataDir) {
		Map<String, Long> ticks = new TreeMap<>();
		Map<String, Long> pids = new TreeMap<>();
		pids.put("load-generator", ProcessHandle.current().pid());
		try (var pidFiles = Files.list(dataDir.resolve("run"))) {
			for (Path pidFile : pidFiles.toList()) {
				String name = pidFile.getFileName().toString().replace(".pid", "");
				if (!name.equals("stack")) {
					pids.put(name, Long.parseLong(Files.readString(pidFile).trim()));
				}
			}
		}
		catch (Exception ex) {
			// the stack runs elsewhere: only the generator is measured
		}
		pids.forEach((name, pid) -> {
			try {
				String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				ticks.put(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
			}
			catch (Exception ex) {
				// not on this machine
			}
		});
		return ticks;
	}

	private Map<String, Object> errorCounts() {
		Map<String, Object> counts = new TreeMap<>();
		errors.forEach((status, count) -> counts.put(Integer.toString(status), count.sum()));
		return counts;
	}

	private static Map<String, Object> percentiles(Histogram histogram, double unit) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("count", histogram.getTotalCount());
		for (double percentile : new double[] { 50, 90, 99 }) {
			values.put("p" + (int) percentile, histogram.getValueAtPercentile(percentile) / unit);
		}
		values.put("max", histogram.getMaxValue() / unit);
		return values;
	}

	private static double peak(List<Double> perSecond, int window) {
		double best = 0;
		for (int i = 0; i + window <= perSecond.size(); i++) {
			best = Math.max(best,
					perSecond.subList(i, i + window).stream().mapToDouble(Double::doubleValue).sum() / window);
		}
		return best;
	}

	private static double ratio(double value, double baseline) {
		return baseline <= 0 ? 0 : Math.round(value / baseline * 1000) / 1000.0;
	}

	private void write(Map<String, Object> result) throws Exception {
		Path dir = Path.of(option("out", "benchmarks/results"));
		Files.createDirectories(dir);
		String stamp = DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss")
			.format(java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
		Path json = dir.resolve("load-" + stamp + "-" + mode + ".json");
		Files.writeString(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
		Path svg = dir.resolve("load-" + stamp + "-" + mode + ".svg");
		Files.writeString(svg, LoadChart.svg(mode + " load, " + result.get("started"), seconds));
		System.out.println();
		System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result.get("summary")));
		System.out.println("baselines: " + result.get("baselines"));
		say("wrote " + json + " and " + svg);
	}

	private static void say(String message) {
		System.out.println("[load] " + message);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
