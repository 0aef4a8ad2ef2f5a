package org.eventstream.metrics.adapter.out.redis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.commons.codec.digest.DigestUtils;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.domain.MeasureValue;
import org.eventstream.metrics.domain.MetricsQuery;
import tools.jackson.databind.json.JsonMapper;

/**
 * Metrics answers in the {@link SharedCache}, under a hash of every part of the question.
 */
public final class RedisAggregatesCache implements LoadAggregatesPort {

	/** Changes with the cached format, so that instances of two versions never mix. */
	static final String KEY_PREFIX = "event-stream:metrics:v1:";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LoadAggregatesPort store;

	private final SharedCache cache;

	public RedisAggregatesCache(LoadAggregatesPort store, SharedCache cache) {
		this.store = store;
		this.cache = cache;
	}

	@Override
	public CompletableFuture<Aggregates> load(MetricsQuery query) {
		return cache.getOrLoad("metrics", key(query), query.to(), () -> store.load(query), RedisAggregatesCache::encode,
				RedisAggregatesCache::decode);
	}

	/** Every part of the question, in a fixed order, hashed. */
	static String key(MetricsQuery query) {
		String canonical = String.join("\n", query.eventName().orElse(""), String.valueOf(query.from().orElse(null)),
				String.valueOf(query.to().orElse(null)), query.groupBy().map(Enum::name).orElse(""),
				query.thenBy().map(Enum::name).orElse(""), query.zone().getId(), query.counting().name(),
				Integer.toString(query.limit()), SharedCache.canonical(query.filters(), query.channels()),
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
