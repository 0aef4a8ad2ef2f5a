package org.eventstream.web.access;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code event-stream.security.*}, the same names in ingest-api and metrics-api; each
 * service reads the keys of its own scope.
 *
 * @param anonymous accept requests without a key (limited per client address); off by
 * default, and a loud warning at start-up when on
 * @param writeKeys the ingest API's keys: {@code name=<sha256 hex>[:<requests per
 * second>]}, comma-separated
 * @param readKeys the metrics API's keys, same format
 * @param adminKeys keys that may delete users and read the deletions' audit (metrics API,
 * {@code /users}), same format; never replaced by anonymous access
 * @param rateLimitPerKey requests per second of a key without its own limit
 * @param rateLimitPerAnonymousClient requests per second of one client address without a
 * key
 * @param maxTrackedClients anonymous client addresses whose limiters are kept (the least
 * recently seen are forgotten)
 * @param trustedProxies addresses or CIDR blocks whose {@code X-Forwarded-For} is
 * believed when limiting anonymous clients (the front door, an ingress)
 * @param corsAllowedOrigins origins browsers may call the API from ({@code *}: any);
 * empty: none
 */
@ConfigurationProperties("event-stream.security")
public record AccessProperties(@DefaultValue("false") boolean anonymous, @DefaultValue("") String writeKeys,
		@DefaultValue("") String readKeys, @DefaultValue("") String adminKeys,
		@DefaultValue("1000") int rateLimitPerKey, @DefaultValue("1000") int rateLimitPerAnonymousClient,
		@DefaultValue("100000") int maxTrackedClients, @DefaultValue( {
				"127.0.0.0/8", "::1" }) List<String> trustedProxies,
		@DefaultValue({}) List<String> corsAllowedOrigins){

	public AccessProperties {
		if (rateLimitPerKey < 1 || rateLimitPerAnonymousClient < 1 || maxTrackedClients < 1) {
			throw new IllegalArgumentException("event-stream.security: rate-limit-per-key, "
					+ "rate-limit-per-anonymous-client and max-tracked-clients must be at least 1");
		}
	}

}
