package org.eventstream.metrics.adapter.out.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eventstream.metrics.domain.Filter;
import org.eventstream.model.event.ChannelType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers shared by every metrics-api instance, in Redis: an answer one instance computed
 * serves the same question on all of them. An answer for a range that ended more than
 * {@code pastTtl} ago is kept that long; one for a range reaching "now" (no end, or a
 * recent one) only for {@code recentTtl}, as events keep arriving there. Redis is never
 * in the way: a read or write that fails or takes longer than the client's timeout is a
 * miss, the question goes to the store, and the answer is still given.
 */
public final class SharedCache {

	private static final Logger log = LoggerFactory.getLogger(SharedCache.class);

	private final RedisConnection redis;

	private final Clock clock;

	private final Duration recentTtl;

	private final Duration pastTtl;

	private final MeterRegistry meters;

	public SharedCache(RedisConnection redis, Clock clock, Duration recentTtl, Duration pastTtl, MeterRegistry meters) {
		this.redis = redis;
		this.clock = clock;
		this.recentTtl = recentTtl;
		this.pastTtl = pastTtl;
		this.meters = meters;
	}

	/**
	 * The cached answer under {@code key}, or {@code load}'s, which is then stored.
	 * @param kind what is cached, for the metrics ("metrics", "funnel")
	 * @param to the end of the question's range; empty: now
	 */
	<A> CompletableFuture<A> getOrLoad(String kind, String key, Optional<Instant> to,
			Supplier<CompletableFuture<A>> load, Function<A, String> encode, Function<String, A> decode) {
		return read(kind, key, decode).thenCompose(cached -> {
			if (cached.isPresent()) {
				counter(kind, "hit").increment();
				return CompletableFuture.completedFuture(cached.get());
			}
			counter(kind, "miss").increment();
			return load.get().thenApply(answer -> {
				write(kind, key, encode.apply(answer), ttl(to));
				return answer;
			});
		});
	}

	/** Filters and channels as text for a cache key: every part, in a fixed order. */
	static String canonical(List<Filter> filters, Set<ChannelType> channels) {
		return filters.stream()
			.map(filter -> filter.property() + "\u0000" + filter.operator() + "\u0000" + filter.value())
			.collect(Collectors.joining("\u0001")) + "\n"
				+ channels.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
	}

	/** Kept long for a range that ended a while ago, briefly for one that reaches now. */
	Duration ttl(Optional<Instant> to) {
		Instant recent = clock.instant().minus(pastTtl);
		return to.filter(end -> end.isBefore(recent)).isPresent() ? pastTtl : recentTtl;
	}

	private <A> CompletableFuture<Optional<A>> read(String kind, String key, Function<String, A> decode) {
		Optional<RedisAsyncCommands<String, String>> commands = redis.commands();
		if (commands.isEmpty()) {
			return CompletableFuture.completedFuture(Optional.empty());
		}
		CompletionStage<String> get;
		try {
			get = commands.get().get(key);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.completedFuture(failed(kind, "read", ex));
		}
		return get.toCompletableFuture()
			.thenApply(value -> Optional.ofNullable(value).map(decode))
			.exceptionally(ex -> failed(kind, "read", ex));
	}

	private void write(String kind, String key, String value, Duration ttl) {
		try {
			redis.commands()
				.ifPresent(commands -> commands.set(key, value, SetArgs.Builder.px(ttl.toMillis()))
					.whenComplete((ok, ex) -> {
						if (ex != null) {
							failed(kind, "write", ex);
						}
					}));
		}
		catch (RuntimeException ex) {
			failed(kind, "write", ex);
		}
	}

	private <A> Optional<A> failed(String kind, String what, Throwable ex) {
		counter(kind, "error").increment();
		log.debug("the shared cache could not {} a {} answer: {}", what, kind, ex.toString());
		return Optional.empty();
	}

	private Counter counter(String kind, String result) {
		return Counter.builder("event_stream.metrics.shared_cache.requests")
			.description("Reads of the shared (Redis) cache of answers, by what they are and result")
			.tag("kind", kind)
			.tag("result", result)
			.register(meters);
	}

}
