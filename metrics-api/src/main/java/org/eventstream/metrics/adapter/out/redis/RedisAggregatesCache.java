package org.eventstream.metrics.adapter.out.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.codec.digest.DigestUtils;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.domain.MeasureValue;
import org.eventstream.metrics.domain.MetricsQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cache shared by every metrics-api instance, in Redis: an answer one instance computed
 * serves the same question on all of them. The key is a hash of every part of the
 * question; an answer for a range that ends in the past is kept for {@code pastTtl}, one
 * for a range that reaches "now" (no {@code to}, or one within {@code pastTtl} of now)
 * only for {@code recentTtl}, as events keep arriving there. Redis is never in the way: a
 * read or write that fails or takes longer than the client's timeout is a miss, the
 * question goes to the store, and the answer is still given.
 */
public final class RedisAggregatesCache implements LoadAggregatesPort {

	private static final Logger log = LoggerFactory.getLogger(RedisAggregatesCache.class);

	/** Changes with the cached format, so that instances of two versions never mix. */
	static final String KEY_PREFIX = "event-stream:metrics:v1:";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LoadAggregatesPort store;

	private final RedisConnection redis;

	private final Clock clock;

	private final Duration recentTtl;

	private final Duration pastTtl;

	private final Counter hits;

	private final Counter misses;

	private final Counter errors;

	public RedisAggregatesCache(LoadAggregatesPort store, RedisConnection redis, Clock clock, Duration recentTtl,
			Duration pastTtl, MeterRegistry meters) {
		this.store = store;
		this.redis = redis;
		this.clock = clock;
		this.recentTtl = recentTtl;
		this.pastTtl = pastTtl;
		this.hits = counter(meters, "hit");
		this.misses = counter(meters, "miss");
		this.errors = counter(meters, "error");
	}

	private static Counter counter(MeterRegistry meters, String result) {
		return Counter.builder("event_stream.metrics.shared_cache.requests")
			.description("Reads of the shared (Redis) cache of metrics answers, by result")
			.tag("result", result)
			.register(meters);
	}

	@Override
	public CompletableFuture<Aggregates> load(MetricsQuery query) {
		String key = key(query);
		return read(key).thenCompose(cached -> {
			if (cached.isPresent()) {
				hits.increment();
				return CompletableFuture.completedFuture(cached.get());
			}
			misses.increment();
			return store.load(query).thenApply(answer -> {
				write(key, answer, ttl(query));
				return answer;
			});
		});
	}

	private CompletableFuture<Optional<Aggregates>> read(String key) {
		Optional<RedisAsyncCommands<String, String>> commands = redis.commands();
		if (commands.isEmpty()) {
			return CompletableFuture.completedFuture(Optional.empty());
		}
		CompletionStage<String> get;
		try {
			get = commands.get().get(key);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.completedFuture(failed("read", ex));
		}
		return get.toCompletableFuture()
			.thenApply(value -> Optional.ofNullable(value).map(RedisAggregatesCache::decode))
			.exceptionally(ex -> failed("read", ex));
	}

	private void write(String key, Aggregates answer, Duration ttl) {
		try {
			redis.commands()
				.ifPresent(commands -> commands.set(key, encode(answer), SetArgs.Builder.px(ttl.toMillis()))
					.whenComplete((ok, ex) -> {
						if (ex != null) {
							failed("write", ex);
						}
					}));
		}
		catch (RuntimeException ex) {
			failed("write", ex);
		}
	}

	private Optional<Aggregates> failed(String what, Throwable ex) {
		errors.increment();
		log.debug("the shared cache could not {}: {}", what, ex.toString());
		return Optional.empty();
	}

	/** Kept long for a range that ended a while ago, briefly for one that reaches now. */
	Duration ttl(MetricsQuery query) {
		Instant recent = clock.instant().minus(pastTtl);
		return query.to().filter(to -> to.isBefore(recent)).isPresent() ? pastTtl : recentTtl;
	}

	/** Every part of the question, in a fixed order, hashed. */
	static String key(MetricsQuery query) {
		String canonical = String.join("\n", query.eventName().orElse(""), String.valueOf(query.from().orElse(null)),
				String.valueOf(query.to().orElse(null)),
				query.channels().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
				query.groupBy().map(Enum::name).orElse(""), query.thenBy().map(Enum::name).orElse(""),
				query.zone().getId(), query.counting().name(), Integer.toString(query.limit()),
				query.filters()
					.stream()
					.map(filter -> filter.property() + "\u0000" + filter.operator() + "\u0000" + filter.value())
					.collect(Collectors.joining("\u0001")),
				query.measures().stream().map(measure -> measure.wireName()).collect(Collectors.joining(",")));
		return KEY_PREFIX + DigestUtils.sha256Hex(canonical);
	}

	/** The cached form: plain values, no type information. */
	record Entry(String to, String firstEvent, long total, long users, List<Value> measures, List<Group> groups) {
	}

	record Value(double sum, long count) {
	}

	record Group(String key, String secondKey, long total, long users, List<Value> measures) {
	}

	static String encode(Aggregates answer) {
		return JSON.writeValueAsString(
				new Entry(answer.to().toString(), answer.firstEvent().map(Instant::toString).orElse(null),
						answer.totalCount(), answer.uniqueUserCount(), values(answer.measures()),
						answer.groups()
							.stream()
							.map(group -> new Group(group.key(), group.secondKey().orElse(null), group.totalCount(),
									group.uniqueUserCount(), values(group.measures())))
							.toList()));
	}

	static Aggregates decode(String json) {
		Entry entry = JSON.readValue(json, Entry.class);
		return new Aggregates(Instant.parse(entry.to()), Optional.ofNullable(entry.firstEvent()).map(Instant::parse),
				entry.total(), entry.users(), measures(entry.measures()),
				entry.groups()
					.stream()
					.map(group -> new Aggregates.Group(group.key(), Optional.ofNullable(group.secondKey()),
							group.total(), group.users(), measures(group.measures())))
					.toList());
	}

	private static List<Value> values(List<MeasureValue> measures) {
		return measures.stream().map(measure -> new Value(measure.sum(), measure.count())).toList();
	}

	private static List<MeasureValue> measures(List<Value> values) {
		return values.stream().map(value -> new MeasureValue(value.sum(), value.count())).toList();
	}

}
