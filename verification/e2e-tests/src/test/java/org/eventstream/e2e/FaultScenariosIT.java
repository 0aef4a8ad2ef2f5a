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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eventstream.testinfra.FaultyTcpProxy.InsertStage;
import org.eventstream.testinfra.FaultyTcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults under a steady load against the stack as it runs: processes killed, stopped and
 * restarted, a poison record, a second writer, old events resent. After each scenario:
 * ClickHouse holds exactly the ids the ingest API acknowledged (none missing, none twice)
 * and the metrics API counts exactly that many. Part of {@code ./mvnw verify}
 * ({@code -Dfaults=false} skips it); alone:
 * {@code ./mvnw -pl verification/e2e-tests verify
 * -Dit.test=FaultScenariosIT} with the jars built. The table goes to
 * {@code verification/e2e-tests/target/faults.md}.
 */
@DisabledIfSystemProperty(named = "faults", matches = "false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultScenariosIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final List<String> TABLE = new ArrayList<>(List
		.of("| scenario | acknowledged | found in ClickHouse | counted by metrics | duplicates | statuses seen | "
				+ "drained after fault |", "| --- | ---: | ---: | ---: | ---: | --- | ---: |"));

	static final Map<String, AcknowledgedLoad> LOADS = new HashMap<>();

	@TempDir
	static Path dir;

	static StackProcess stack;

	static FaultyTcpProxy clickHouseProxy;

	static WriterProcess writer;

	@BeforeAll
	static void up() throws Exception {
		// the writer runs here, behind a proxy to ClickHouse that can lose its answers; a
		// short
		// insert timeout makes a stopped ClickHouse a timeout within the scenario
		stack = StackProcess.up(dir.resolve("data"), Map.of(), "--without=event-writer");
		clickHouseProxy = new FaultyTcpProxy("127.0.0.1", 8123);
		writer = writer(Map.of()).start();
		stopMerges();
	}

	@AfterAll
	static void down() throws Exception {
		Files.writeString(Path.of("target/faults.md"), String.join("\n", TABLE) + "\n");
		System.out.println(String.join("\n", TABLE));
		if (writer != null) {
			writer.kill();
		}
		if (stack != null) {
			stack.kill();
		}
		if (clickHouseProxy != null) {
			clickHouseProxy.close();
		}
	}

	@Test
	@Order(1)
	void writerKilledThreeTimesUnderLoad() throws Exception {
		scenario("fault_writer_kill", () -> {
			for (int i = 0; i < 3; i++) {
				writer.kill();
				Thread.sleep(2000);
				writer.start();
				Thread.sleep(1000 + 700L * i);
			}
		});
	}

	@Test
	@Order(2)
	void writerKilledJustBeforeAnInsert() throws Exception {
		scenario("fault_writer_kill_before_insert", () -> killWriterAt(InsertStage.BEFORE_SENT, Map.of()));
	}

	@Test
	@Order(3)
	void writerKilledHalfWayThroughAnInsert() throws Exception {
		scenario("fault_writer_kill_during_insert", () -> killWriterAt(InsertStage.HALF_SENT, Map.of()));
	}

	@Test
	@Order(4)
	void writerKilledAfterAnInsertBeforeItsOffsetCommit() throws Exception {
		scenario("fault_writer_kill_after_insert", () -> killWriterAt(InsertStage.ANSWERED, Map.of()));
		assertThat(writer.counter("event_stream_writer_duplicates_skipped_total"))
			.as("the restarted writer found the replayed batch's ids already stored and skipped them")
			.isPositive();
	}

	@Test
	@Order(5)
	void clickHouseStoppedLongerThanTheInsertTimeout() throws Exception {
		scenario("fault_clickhouse_stop", () -> {
			signal("STOP", "clickhouse");
			Thread.sleep(8000);
			signal("CONT", "clickhouse");
		});
	}

	@Test
	@Order(6)
	void clickHouseKilledAndRestarted() throws Exception {
		scenario("fault_clickhouse_kill", () -> signal("KILL", "clickhouse"));
	}

	@Test
	@Order(7)
	void clickHousesAnswersToInsertsLost() throws Exception {
		scenario("fault_lost_insert_answers", () -> {
			clickHouseProxy.mode(FaultyTcpProxy.Mode.LOSE_INSERT_RESPONSES);
			Thread.sleep(6000);
			clickHouseProxy.mode(FaultyTcpProxy.Mode.FORWARD);
		});
		assertThat(clickHouseProxy.lostResponses()).as("inserts whose answer was lost").isPositive();
	}

	@Test
	@Order(8)
	void kafkaKilledAndRestarted() throws Exception {
		AcknowledgedLoad load = scenario("fault_kafka_kill", () -> signal("KILL", "kafka"));
		assertThat(load.statuses).as("ingest answered 503 while Kafka was down").containsKey(503);
	}

	@Test
	@Order(9)
	void ingestKilledClientsRetryWithTheirKeys() throws Exception {
		scenario("fault_ingest_kill", () -> signal("KILL", "ingest-api"));
	}

	@Test
	@Order(10)
	void aSecondWriterJoinsAndLeaves() throws Exception {
		scenario("fault_second_writer", () -> {
			WriterProcess second = new WriterProcess(8093, "http://user:1234@127.0.0.1:" + clickHouseProxy.port(),
					dir.resolve("second-writer.log"))
				.start();
			Thread.sleep(8000);
			second.stop();
		});
	}

	@Test
	@Order(11)
	void aPoisonRecordIsDeadLetteredAndItsNeighboursStored() throws Exception {
		double before = writer.counter("event_stream_writer_dead_lettered_total");
		scenario("fault_poison", () -> {
			try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map
				.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092", ProducerConfig.ACKS_CONFIG, "all"),
					new ByteArraySerializer(), new ByteArraySerializer())) {
				producer.send(new ProducerRecord<>("events", "poison".getBytes(), "{not an event".getBytes()))
					.get(30, TimeUnit.SECONDS);
			}
		});
		assertThat(writer.counter("event_stream_writer_dead_lettered_total")).isEqualTo(before + 1);
	}

	@Test
	@Order(12)
	void oldEventsResentLongAfterAreNotCountedAgain() throws Exception {
		AcknowledgedLoad first = LOADS.get("fault_writer_kill");
		int before = first.acknowledged.size();
		first.resendAll();
		assertThat(first.acknowledged).hasSize(before);
		assertExact(check(first, System.nanoTime(), "fault_writer_kill, all resent after the other scenarios"));
	}

	/**
	 * The negative control: the scenario of
	 * {@link #writerKilledAfterAnInsertBeforeItsOffsetCommit} with a writer whose
	 * deduplication is switched off. The kill lands, by the proxy's trap, after an insert
	 * into {@code events} and before its offset commit, so the replay after it stores
	 * that batch again, and the checker must say so, every time:
	 * {@code -Dnegative-control.runs=20} repeats it (see the README).
	 */
	@Test
	@Order(13)
	void theCheckerCatchesAWriterWithoutDeduplication() throws Exception {
		Map<String, String> careless = Map.of("EVENT_STREAM_WRITER_DEDUPLICATE", "false");
		writer.stop();
		writer = writer(careless).start();
		int runs = Integer.getInteger("negative-control.runs", 1);
		for (int run = 1; run <= runs; run++) {
			Outcome outcome = run((runs == 1) ? "fault_control_no_dedup" : "fault_control_no_dedup_" + run,
					() -> killWriterAt(InsertStage.ANSWERED, careless),
					"negative control: the writer killed after an insert, before its commit, with its deduplication "
							+ "off (run " + run + " of " + runs + ")");
			assertThat(outcome.duplicates()).as("run %d: ids the checker found stored twice", run).isPositive();
			assertThat(outcome.counted()).as("run %d: what the metrics counted", run)
				.isGreaterThan(outcome.acknowledged());
			assertThat(outcome.stored()).as("run %d: every acknowledged id is still there", run)
				.isEqualTo(outcome.acknowledged());
			System.out.printf("[faults] negative control run %d of %d: %d ids stored twice%n", run, runs,
					outcome.duplicates());
		}
	}

	interface Fault {

		void inject() throws Exception;

	}

	/** What the checker found after one scenario. */
	record Outcome(String label, Set<String> expected, Map<String, Integer> storedIds, long counted) {

		long acknowledged() {
			return expected.size();
		}

		long stored() {
			return storedIds.size();
		}

		long duplicates() {
			return storedIds.values().stream().filter(count -> count > 1).count();
		}

	}

	private AcknowledgedLoad scenario(String name, Fault fault) throws Exception {
		assertExact(run(name, fault, name));
		return LOADS.get(name);
	}

	private Outcome run(String name, Fault fault, String label) throws Exception {
		AcknowledgedLoad load = new AcknowledgedLoad(name, 20, Duration.ofMillis(100)).start();
		LOADS.put(name, load);
		Thread.sleep(3000);
		long faultAt = System.nanoTime();
		fault.inject();
		stopMerges();
		Thread.sleep(5000);
		load.stop();
		return check(load, faultAt, label);
	}

	/**
	 * {@code ReplacingMergeTree} collapses the rows of one id when it merges parts, at a
	 * time of its own choosing: a duplicate a writer stored vanishes from the checker's
	 * view if a merge comes first, and then the check passes whatever the writer did (the
	 * negative control found "0 ids stored twice" that way, run alone on a fresh table).
	 * So merges of {@code events} stay stopped during the scenarios: the checker sees
	 * every row inserted. Stopping is not persistent: it is repeated after each fault,
	 * since a fault may restart ClickHouse, which may be down for a moment.
	 */
	private static void stopMerges() throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (true) {
			try {
				clickHouse("SYSTEM STOP MERGES events");
				return;
			}
			catch (AssertionError | java.io.IOException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.sleep(250);
			}
		}
	}

	/**
	 * Kills the writer (SIGKILL) while the proxy holds one of its inserts into
	 * {@code events} at {@code stage} (not one into the user registry, which comes
	 * first), then starts a new one with the same settings.
	 */
	private void killWriterAt(InsertStage stage, Map<String, String> environment) throws Exception {
		CompletableFuture<Void> trapped = clickHouseProxy.trapNextInsert(stage, "events");
		trapped.get(60, TimeUnit.SECONDS);
		writer.kill();
		clickHouseProxy.releaseTrapped();
		Thread.sleep(2000);
		writer = writer(environment).start();
	}

	private static WriterProcess writer(Map<String, String> environment) {
		return new WriterProcess(8083, "http://user:1234@127.0.0.1:" + clickHouseProxy.port(),
				dir.resolve("writer.log"), environment);
	}

	/**
	 * Waits for the pipeline to drain, then compares ClickHouse and the metrics with the
	 * 2xx ids.
	 */
	private static Outcome check(AcknowledgedLoad load, long faultAt, String label) throws Exception {
		stopMerges();
		Set<String> expected = new HashSet<>(load.acknowledged);
		long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
		long counted = -1;
		while (System.nanoTime() < deadline) {
			counted = metricsTotal(load.name);
			if (counted >= expected.size()) {
				break;
			}
			Thread.sleep(250);
		}
		double drained = (System.nanoTime() - faultAt) / 1e9;
		Thread.sleep(1500);
		counted = metricsTotal(load.name);
		Map<String, Integer> stored = stored(load.name);
		Outcome outcome = new Outcome(label, expected, stored, counted);
		TABLE.add(String.format("| %s | %d | %d | %d | %d | %s | %.1f s |", label, expected.size(), stored.size(),
				counted, outcome.duplicates(), load.statuses, drained));
		return outcome;
	}

	/** The promise: exactly the acknowledged ids stored, each once, and counted once. */
	private static void assertExact(Outcome outcome) {
		String label = outcome.label();
		assertThat(outcome.expected()).as(label + ": acknowledged ids missing from ClickHouse")
			.allMatch(outcome.storedIds()::containsKey);
		assertThat(outcome.storedIds().keySet()).as(label + ": ids in ClickHouse that were never acknowledged")
			.allMatch(outcome.expected()::contains);
		assertThat(outcome.duplicates()).as(label + ": ids stored twice").isZero();
		assertThat(outcome.counted()).as(label + ": the metrics count").isEqualTo(outcome.acknowledged());
	}

	private static Map<String, Integer> stored(String name) throws Exception {
		Map<String, Integer> ids = new HashMap<>();
		String rows = clickHouse("SELECT event_id, count() FROM events WHERE event_name = '" + name
				+ "' GROUP BY event_id FORMAT TabSeparated");
		for (String row : rows.split("\n")) {
			if (!row.isBlank()) {
				String[] fields = row.split("\t");
				ids.put(fields[0], Integer.parseInt(fields[1]));
			}
		}
		return ids;
	}

	private static String clickHouse(String sql) throws Exception {
		return StackProcess.clickHouse(sql);
	}

	private static long metricsTotal(String name) throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create("http://localhost:8080/events/metrics?event_name="
						+ URLEncoder.encode(name, StandardCharsets.UTF_8) + "&from=2020-01-01T00:00:00Z"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? JSON.readTree(response.body()).get("total_count").asLong() : -1;
	}

	private static void signal(String signal, String process) throws Exception {
		String pid = Files.readString(dir.resolve("data/run/" + process + ".pid")).trim();
		Process kill = new ProcessBuilder("kill", "-" + signal, pid).start();
		assertThat(kill.waitFor()).as("kill -" + signal + " " + process).isZero();
	}

}
