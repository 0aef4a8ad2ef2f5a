package org.eventstream.web.access;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * One resilience4j rate limiter per API key (its own limit, or the default), and one per
 * anonymous client address, kept for the most recently seen {@code maxTrackedClients}
 * addresses. Windows are one second long; a request that finds no permit left is refused
 * at once, never queued.
 */
final class RateLimits {

	/** The outcome of one request: allowed or not, and what the headers say. */
	record Decision(boolean allowed, int limit, int remaining, long retryAfterSeconds) {
	}

	private static final Duration WINDOW = Duration.ofSeconds(1);

	private final Map<String, RateLimiter> perKey = new HashMap<>();

	private final Cache<String, RateLimiter> perClient;

	private final RateLimiterConfig anonymousConfig;

	RateLimits(ApiKeys keys, int defaultPerKey, int perAnonymousClient, int maxTrackedClients) {
		for (ApiKeys.Key key : keys.keys()) {
			perKey.put(key.name(), limiter("key:" + key.name(), key.requestsPerSecond().orElse(defaultPerKey)));
		}
		this.anonymousConfig = config(perAnonymousClient);
		this.perClient = Caffeine.newBuilder()
			.maximumSize(maxTrackedClients)
			.expireAfterAccess(Duration.ofMinutes(10))
			.build();
	}

	Decision forKey(String name) {
		return decide(perKey.get(name));
	}

	Decision forAnonymous(String clientAddress) {
		return decide(perClient.get(clientAddress, address -> RateLimiter.of("client:" + address, anonymousConfig)));
	}

	private static Decision decide(RateLimiter limiter) {
		boolean allowed = limiter.acquirePermission();
		int limit = limiter.getRateLimiterConfig().getLimitForPeriod();
		int remaining = Math.max(0, limiter.getMetrics().getAvailablePermissions());
		// a refused request waits at most until the window ends: with one-second windows
		// that rounds up to
		// one second, whatever the limiter's phase (which only its internal class would
		// tell)
		return new Decision(allowed, limit, remaining, windowSeconds());
	}

	private static RateLimiter limiter(String name, int perSecond) {
		return RateLimiter.of(name, config(perSecond));
	}

	private static RateLimiterConfig config(int perSecond) {
		return RateLimiterConfig.custom()
			.limitForPeriod(perSecond)
			.limitRefreshPeriod(WINDOW)
			.timeoutDuration(Duration.ZERO)
			.build();
	}

	/** The length of a window, for {@code X-RateLimit-Reset}. */
	static long windowSeconds() {
		return WINDOW.toSeconds();
	}

}
