package org.eventstream.metrics.adapter.out.redis;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.apache.commons.codec.digest.DigestUtils;
import org.eventstream.metrics.application.port.out.LoadFunnelPort;
import org.eventstream.metrics.domain.FunnelQuery;
import tools.jackson.databind.json.JsonMapper;

/**
 * Funnel answers in the {@link SharedCache}, under a hash of every part of the question:
 * the most expensive question there is, and dashboards ask it again and again.
 */
public final class RedisFunnelCache implements LoadFunnelPort {

	/** Changes with the cached format, so that instances of two versions never mix. */
	static final String KEY_PREFIX = "event-stream:funnel:v1:";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LoadFunnelPort store;

	private final SharedCache cache;

	public RedisFunnelCache(LoadFunnelPort store, SharedCache cache) {
		this.store = store;
		this.cache = cache;
	}

	@Override
	public CompletableFuture<Levels> load(FunnelQuery query) {
		return cache.getOrLoad("funnel", key(query), query.to(), () -> store.load(query), RedisFunnelCache::encode,
				RedisFunnelCache::decode);
	}

	/** Every part of the question, in a fixed order, hashed. */
	static String key(FunnelQuery query) {
		String canonical = String.join("\n", String.join(",", query.steps()), query.window().toString(),
				query.from().toString(), String.valueOf(query.to().orElse(null)), Boolean.toString(query.byChannel()),
				SharedCache.canonical(query.filters(), query.channels()));
		return KEY_PREFIX + DigestUtils.sha256Hex(canonical);
	}

	/** The cached form: levels by their number, as JSON object keys. */
	record Entry(String to, Map<String, Long> overall, Map<String, Map<String, Long>> byChannel) {
	}

	static String encode(Levels levels) {
		return JSON.writeValueAsString(new Entry(levels.to().toString(), named(levels.overall()),
				levels.byChannel()
					.entrySet()
					.stream()
					.collect(Collectors.toMap(Map.Entry::getKey, entry -> named(entry.getValue())))));
	}

	static Levels decode(String json) {
		Entry entry = JSON.readValue(json, Entry.class);
		return new Levels(Instant.parse(entry.to()), numbered(entry.overall()),
				entry.byChannel()
					.entrySet()
					.stream()
					.collect(Collectors.toMap(Map.Entry::getKey, channel -> numbered(channel.getValue()))));
	}

	private static Map<String, Long> named(Map<Integer, Long> levels) {
		return levels.entrySet()
			.stream()
			.collect(
					Collectors.toMap(entry -> entry.getKey().toString(), Map.Entry::getValue, Long::sum, TreeMap::new));
	}

	private static Map<Integer, Long> numbered(Map<String, Long> levels) {
		return levels.entrySet()
			.stream()
			.collect(Collectors.toMap(entry -> Integer.valueOf(entry.getKey()), Map.Entry::getValue));
	}

}
