package org.eventstream.metrics.adapter.out.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.application.port.out.LoadFunnelPort;
import org.eventstream.metrics.domain.EventField;
import org.eventstream.metrics.domain.Filter;
import org.eventstream.metrics.domain.FunnelQuery;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.Measure;
import org.eventstream.metrics.domain.MeasureValue;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared cache against a real Redis (Debian's {@code redis-server}, started here on a
 * free port; {@code .ci/run} installs it): what one instance stored, another answers
 * with; recent answers expire sooner than past ones; a Redis that is down or gone costs
 * answers nothing.
 */
class RedisAggregatesCacheTest {

	private static final Instant NOW = Instant.parse("2024-06-01T12:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneId.of("UTC"));

	private final CountingStore store = new CountingStore();

	private Process redis;

	private RedisConnection first;

	private RedisConnection second;

	/** Answers every question with the same aggregates, counting the questions. */
	static final class CountingStore implements LoadAggregatesPort {

		final AtomicInteger loads = new AtomicInteger();

		static final Aggregates ANSWER = new Aggregates(Instant.parse("2024-05-01T00:00:00Z"),
				Optional.of(Instant.parse("2024-04-01T10:00:00.123456Z")), 42, 7, List.of(new MeasureValue(12.5, 3)),
				List.of(new Aggregates.Group("web", Optional.of("Chrome"), 40, 6, List.of(new MeasureValue(12.5, 3))),
						new Aggregates.Group("", Optional.of(Aggregates.OTHER), 2, 1,
								List.of(new MeasureValue(0, 0)))));

		@Override
		public CompletableFuture<Aggregates> load(MetricsQuery query) {
			loads.incrementAndGet();
			return CompletableFuture.completedFuture(ANSWER);
		}

	}

	@AfterEach
	void stop() {
		for (RedisConnection connection : new RedisConnection[] { first, second }) {
			if (connection != null) {
				connection.close();
			}
		}
		if (redis != null) {
			redis.destroyForcibly();
		}
	}

	@Test
	void oneInstanceAnswersWithWhatAnotherStored() throws Exception {
		int port = startRedis();
		RedisAggregatesCache a = cache(first = connect(port), Duration.ofMinutes(1));
		RedisAggregatesCache b = cache(second = connect(port), Duration.ofMinutes(1));
		MetricsQuery query = query(Optional.of(Instant.parse("2024-05-01T00:00:00Z")));

		Aggregates stored = awaitConnected(a, query);
		assertThat(stored).isEqualTo(CountingStore.ANSWER);
		awaitConnected(b, query);
		int loads = store.loads.get();

		assertThat(b.load(query).get(5, TimeUnit.SECONDS)).isEqualTo(CountingStore.ANSWER);
		assertThat(store.loads.get()).as("answered from Redis").isEqualTo(loads);
		assertThat(b.load(query(Optional.of(Instant.parse("2024-05-01T00:00:01Z")))).get(5, TimeUnit.SECONDS))
			.isEqualTo(CountingStore.ANSWER);
		assertThat(store.loads.get()).as("another range is another question").isEqualTo(loads + 1);
	}

	@Test
	void keepsAnswersForRangesReachingNowBriefly() throws Exception {
		int port = startRedis();
		first = connect(port);
		SharedCache shared = shared(first, Duration.ofMillis(300));
		RedisAggregatesCache cache = new RedisAggregatesCache(store, shared);
		MetricsQuery live = query(Optional.empty());
		MetricsQuery past = query(Optional.of(Instant.parse("2024-05-01T00:00:00Z")));

		assertThat(shared.ttl(live.to())).isEqualTo(Duration.ofMillis(300));
		assertThat(shared.ttl(Optional.of(NOW.minusSeconds(30)))).isEqualTo(Duration.ofMillis(300));
		assertThat(shared.ttl(past.to())).isEqualTo(Duration.ofMinutes(10));
		awaitConnected(cache, query(Optional.of(Instant.parse("2024-04-15T00:00:00Z"))));
		cache.load(live).get(5, TimeUnit.SECONDS);
		cache.load(past).get(5, TimeUnit.SECONDS);
		int loads = store.loads.get();
		cache.load(live).get(5, TimeUnit.SECONDS);
		cache.load(past).get(5, TimeUnit.SECONDS);
		assertThat(store.loads.get()).as("both answered from Redis").isEqualTo(loads);

		// the live answer expires (the store is asked again), the past one does not
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			int before = store.loads.get();
			cache.load(live).get(5, TimeUnit.SECONDS);
			return store.loads.get() > before;
		});
		int afterExpiry = store.loads.get();
		cache.load(past).get(5, TimeUnit.SECONDS);
		assertThat(store.loads.get()).as("the past answer is still in Redis").isEqualTo(afterExpiry);
	}

	@Test
	void answersWithoutRedisWhenItIsDownOrNeverWasThere() throws Exception {
		RedisAggregatesCache absent = cache(first = connect(freePort()), Duration.ofSeconds(5));
		MetricsQuery query = query(Optional.empty());
		for (int i = 0; i < 3; i++) {
			assertThat(absent.load(query).get(2, TimeUnit.SECONDS)).isEqualTo(CountingStore.ANSWER);
		}
		assertThat(store.loads.get()).isEqualTo(3);

		int port = startRedis();
		RedisAggregatesCache cache = cache(second = connect(port), Duration.ofSeconds(5));
		awaitConnected(cache, query);
		redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		int loads = store.loads.get();
		long started = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			assertThat(cache.load(query).get(2, TimeUnit.SECONDS)).isEqualTo(CountingStore.ANSWER);
		}
		assertThat(store.loads.get()).as("every question went to the store").isEqualTo(loads + 5);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void sharesFunnelAnswersToo() throws Exception {
		int port = startRedis();
		AtomicInteger funnelLoads = new AtomicInteger();
		LoadFunnelPort.Levels levels = new LoadFunnelPort.Levels(Instant.parse("2024-05-01T00:00:00Z"),
				Map.of(1, 10L, 3, 2L), Map.of("web", Map.of(1, 4L), "tv", Map.of(2, 1L)));
		LoadFunnelPort funnels = query -> {
			funnelLoads.incrementAndGet();
			return CompletableFuture.completedFuture(levels);
		};
		RedisFunnelCache a = new RedisFunnelCache(funnels, shared(first = connect(port), Duration.ofMinutes(1)));
		RedisFunnelCache b = new RedisFunnelCache(funnels, shared(second = connect(port), Duration.ofMinutes(1)));
		FunnelQuery query = new FunnelQuery(List.of("view_item", "purchase"), Duration.ofHours(1),
				Instant.parse("2024-04-01T00:00:00Z"), Optional.of(Instant.parse("2024-05-01T00:00:00Z")), Set.of(),
				true, List.of());

		awaitServedFromRedis(() -> a.load(query), funnelLoads);
		awaitServedFromRedis(() -> b.load(query), funnelLoads);
		int loads = funnelLoads.get();
		assertThat(b.load(query).get(5, TimeUnit.SECONDS)).isEqualTo(levels);
		assertThat(funnelLoads.get()).isEqualTo(loads);
		assertThat(RedisFunnelCache.key(query)).isNotEqualTo(RedisFunnelCache.key(new FunnelQuery(query.steps(),
				Duration.ofHours(2), query.from(), query.to(), Set.of(), true, List.of())));
	}

	@Test
	void everyPartOfTheQuestionIsInTheKey() {
		MetricsQuery base = query(Optional.empty());
		List<MetricsQuery> variants = List.of(
				new MetricsQuery(Optional.of("other"), base.from(), base.to(), base.channels(), base.groupBy(),
						base.thenBy(), base.zone(), base.counting(), base.limit(), base.filters(), base.measures()),
				new MetricsQuery(base.eventName(), base.from(), base.to(), base.channels(), base.groupBy(),
						Optional.of(GroupBy.BROWSER), base.zone(), base.counting(), base.limit(), base.filters(),
						base.measures()),
				new MetricsQuery(base.eventName(), base.from(), base.to(), base.channels(), base.groupBy(),
						base.thenBy(), ZoneId.of("Europe/Berlin"), base.counting(), base.limit(), base.filters(),
						base.measures()),
				new MetricsQuery(base.eventName(), base.from(), base.to(), base.channels(), base.groupBy(),
						base.thenBy(), base.zone(), UserCounting.APPROXIMATE, base.limit(), base.filters(),
						base.measures()),
				new MetricsQuery(base.eventName(), base.from(), base.to(), base.channels(), base.groupBy(),
						base.thenBy(), base.zone(), base.counting(), 99, base.filters(), base.measures()),
				new MetricsQuery(base.eventName(), base.from(), base.to(), base.channels(), base.groupBy(),
						base.thenBy(), base.zone(), base.counting(), base.limit(),
						List.of(new Filter(new Filter.Property.Field(EventField.BROWSER), Filter.Operator.EQ,
								"Safari")),
						base.measures()),
				new MetricsQuery(base.eventName(), base.from(), base.to(), base.channels(), base.groupBy(),
						base.thenBy(), base.zone(), base.counting(), base.limit(), base.filters(),
						List.of(Measure.revenue())));
		assertThat(variants).extracting(RedisAggregatesCache::key)
			.doesNotHaveDuplicates()
			.doesNotContain(RedisAggregatesCache.key(base));
		assertThat(RedisAggregatesCache.key(base)).isEqualTo(RedisAggregatesCache.key(query(Optional.empty())));
	}

	private RedisAggregatesCache cache(RedisConnection connection, Duration recentTtl) {
		return new RedisAggregatesCache(store, shared(connection, recentTtl));
	}

	private SharedCache shared(RedisConnection connection, Duration recentTtl) {
		return new SharedCache(connection, clock, recentTtl, Duration.ofMinutes(10), new SimpleMeterRegistry());
	}

	private RedisConnection connect(int port) {
		return new RedisConnection("redis://127.0.0.1:" + port, Duration.ofMillis(200), Clock.systemUTC());
	}

	/**
	 * Asks until the connection, made in the background, is up and the answer stored; the
	 * answer Redis gave.
	 */
	private Aggregates awaitConnected(RedisAggregatesCache cache, MetricsQuery query) {
		return (Aggregates) awaitServedFromRedis(() -> cache.load(query), store.loads);
	}

	/**
	 * Asks until an answer comes from Redis rather than from the store (the connection is
	 * made in the background); that answer.
	 */
	private static Object awaitServedFromRedis(Supplier<CompletableFuture<?>> ask, AtomicInteger loads) {
		AtomicReference<Object> answer = new AtomicReference<>();
		await().alias("Redis answers within 10 s").atMost(Duration.ofSeconds(10)).until(() -> {
			int before = loads.get();
			answer.set(ask.get().get(5, TimeUnit.SECONDS));
			return loads.get() == before;
		});
		return answer.get();
	}

	private static MetricsQuery query(Optional<Instant> to) {
		return new MetricsQuery(Optional.of("page_view"), Optional.of(Instant.parse("2024-04-01T00:00:00Z")), to,
				Set.of(), Optional.of(GroupBy.CHANNEL), Optional.empty(), ZoneId.of("UTC"), UserCounting.EXACT, 10,
				List.of(), List.of());
	}

	private int startRedis() throws IOException, InterruptedException {
		Path server = Path.of("/usr/bin/redis-server");
		assertThat(server).as("redis-server is installed (scripts/require.sh redis-server redis-server)")
			.isExecutable();
		int port = freePort();
		redis = new ProcessBuilder(server.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save",
				"", "--appendonly", "no", "--dir", Files.createTempDirectory("redis").toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		await().alias("redis-server listens within 10 s").atMost(Duration.ofSeconds(10)).until(() -> {
			try (var socket = new java.net.Socket("127.0.0.1", port)) {
				return true;
			}
			catch (IOException notYet) {
				return false;
			}
		});
		return port;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
