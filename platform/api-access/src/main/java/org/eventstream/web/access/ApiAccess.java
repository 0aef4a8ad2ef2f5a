package org.eventstream.web.access;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a service's access filters from {@link AccessProperties}. Start-up fails when no
 * key of the service's scope is configured and anonymous access is off (every request
 * would be refused), and warns loudly when anonymous access is on.
 */
public final class ApiAccess {

	private static final Logger log = LoggerFactory.getLogger(ApiAccess.class);

	private static final List<String> EXPOSED = List.of("X-RateLimit-Limit", "X-RateLimit-Remaining",
			"X-RateLimit-Reset", "Retry-After");

	private ApiAccess() {
	}

	/** The key check and rate limit for the paths under {@code pathPrefix}. */
	public static ApiAccessFilter filter(ApiScope scope, String pathPrefix, AccessProperties properties,
			MeterRegistry meters) {
		ApiKeys keys = ApiKeys.parse(scope.property(), scope.keysOf(properties));
		if (!scope.opensAnonymously()) {
			log.info("{} keys accepted: {}{}", scope.label(), keys.keys().stream().map(ApiKeys.Key::name).toList(),
					keys.isEmpty() ? " (set " + scope.environmentVariable() + " to use " + pathPrefix + ")" : "");
			return new ApiAccessFilter(scope, pathPrefix, keys, properties, meters);
		}
		if (keys.isEmpty() && !properties.anonymous()) {
			throw new IllegalStateException("No " + scope.label() + " key is configured and anonymous access is off, "
					+ "so every request would be refused. Set " + scope.environmentVariable()
					+ "=name=<sha256 of the key>[,...] (hash a key with: printf %s \"$KEY\" | sha256sum), or, on a "
					+ "machine nobody else can reach, EVENT_STREAM_SECURITY_ANONYMOUS=true.");
		}
		if (properties.anonymous()) {
			log.warn("************************************************************************");
			log.warn("ANONYMOUS ACCESS IS ON: requests without a key are accepted ({} per second",
					properties.rateLimitPerAnonymousClient());
			log.warn("per client address). Turn it off (EVENT_STREAM_SECURITY_ANONYMOUS=false) on");
			log.warn("anything reachable from another machine.");
			log.warn("************************************************************************");
		}
		log.info("{} keys accepted: {}", scope.label(), keys.keys().stream().map(ApiKeys.Key::name).toList());
		return new ApiAccessFilter(scope, pathPrefix, keys, properties, meters);
	}

	/** CORS for browsers posting events: any allowed origin, {@code POST} only. */
	public static CorsFilter ingestCors(String pathPattern, AccessProperties properties) {
		return new CorsFilter(pathPattern, properties.corsAllowedOrigins(), List.of("POST"),
				List.of("Content-Type", "Content-Encoding", "Authorization", "X-API-Key", "Idempotency-Key"), EXPOSED);
	}

	/** CORS for dashboards reading metrics: the allow-list, {@code GET} only. */
	public static CorsFilter metricsCors(String pathPattern, AccessProperties properties) {
		return new CorsFilter(pathPattern, properties.corsAllowedOrigins(), List.of("GET"),
				List.of("Authorization", "X-API-Key"), EXPOSED);
	}

}
