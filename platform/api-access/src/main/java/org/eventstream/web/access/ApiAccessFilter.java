package org.eventstream.web.access;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eventstream.web.problem.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Guards the API's paths (those under one prefix, e.g. {@code /events}): a request
 * carries a key of this service's scope in {@code Authorization: Bearer <key>} or
 * {@code X-API-Key: <key>}, or, when anonymous access is on, none. Missing or wrong key:
 * 401 ({@code /problems/unauthorized}). A public write key (one limited to origins, see
 * {@link ApiKeys}) may instead travel as {@code ?write_key=<key>}, as browsers'
 * {@code sendBeacon} cannot set headers, and is accepted only with an {@code Origin} it
 * is limited to: 403 ({@code /problems/origin-not-allowed}) otherwise. Then the key's (or
 * the client address's) rate limit: every answer carries {@code X-RateLimit-Limit},
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}; over the limit, 429
 * ({@code /problems/rate-limited}) with {@code Retry-After}. Health, metrics and the API
 * docs are not guarded. Keys are never logged.
 */
public final class ApiAccessFilter implements WebFilter, Ordered {

	/** The request attribute holding the name of the key that was presented. */
	public static final String KEY_NAME = ApiAccessFilter.class.getName() + ".keyName";

	static final int MAX_KEY_LENGTH = 256;

	/** The query parameter a public write key may travel in. */
	public static final String QUERY_KEY = "write_key";

	private static final Logger log = LoggerFactory.getLogger(ApiAccessFilter.class);

	private final ApiScope scope;

	private final String pathPrefix;

	private final ApiKeys keys;

	private final boolean anonymous;

	private final RateLimits limits;

	private final ClientAddress clients;

	/** Each public key's origins, as CORS matches them: built once, not per request. */
	private final java.util.Map<String, CorsConfiguration> publicKeyOrigins;

	private final Counter unauthorized;

	private final Counter rateLimited;

	ApiAccessFilter(ApiScope scope, String pathPrefix, ApiKeys keys, AccessProperties properties,
			MeterRegistry meters) {
		this.scope = scope;
		this.pathPrefix = pathPrefix;
		this.keys = keys;
		this.anonymous = properties.anonymous() && scope.opensAnonymously();
		this.limits = new RateLimits(keys, properties.rateLimitPerKey(), properties.rateLimitPerAnonymousClient(),
				properties.maxTrackedClients());
		this.clients = new ClientAddress(properties.trustedProxies());
		this.publicKeyOrigins = keys.keys()
			.stream()
			.filter(ApiKeys.Key::isPublic)
			.collect(java.util.stream.Collectors.toUnmodifiableMap(ApiKeys.Key::name, key -> {
				CorsConfiguration origins = new CorsConfiguration();
				origins.setAllowedOriginPatterns(key.origins());
				return origins;
			}));
		this.unauthorized = Counter.builder("event_stream.api.access.denied")
			.tag("reason", "unauthorized")
			.description("Requests refused by the API key check or the rate limit")
			.register(meters);
		this.rateLimited = Counter.builder("event_stream.api.access.denied")
			.tag("reason", "rate_limited")
			.description("Requests refused by the API key check or the rate limit")
			.register(meters);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String path = request.getPath().pathWithinApplication().value();
		if (!(path.equals(pathPrefix) || path.startsWith(pathPrefix + "/"))
				|| request.getMethod() == HttpMethod.OPTIONS) {
			return chain.filter(exchange);
		}
		Optional<ErrorResponseException> refused = check(request, exchange.getResponse().getHeaders(),
				exchange.getAttributes());
		return refused.isPresent() ? Mono.error(refused.get()) : chain.filter(exchange);
	}

	/**
	 * The key check and the rate limit of a request to a guarded path, for this filter
	 * and for routes served outside WebFlux (ingest-api's own, on Reactor Netty): the
	 * rate limit's headers are set on {@code responseHeaders} and the key's name put in
	 * {@code attributes} ({@link #KEY_NAME}); empty when the request may go on, else the
	 * problem that refuses it.
	 */
	public Optional<ErrorResponseException> check(ServerHttpRequest request, HttpHeaders responseHeaders,
			Map<String, Object> attributes) {
		RateLimits.Decision decision;
		Optional<String> presented;
		try {
			presented = presentedKey(request);
		}
		catch (ErrorResponseException ex) {
			unauthorized.increment();
			return Optional.of(ex);
		}
		if (presented.isPresent()) {
			Optional<ApiKeys.Key> key = keys.match(presented.get());
			if (key.isEmpty()) {
				unauthorized.increment();
				log.debug("refused a {} request to {}: unknown key", scope.label(), request.getPath().value());
				return Optional.of(unauthorized("The API key is not a " + scope.label() + " key of this API."));
			}
			Optional<ErrorResponseException> refused = refusedPublicUse(key.get(), request);
			if (refused.isPresent()) {
				unauthorized.increment();
				return refused;
			}
			attributes.put(KEY_NAME, key.get().name());
			decision = limits.forKey(key.get().name());
		}
		else if (anonymous) {
			decision = limits.forAnonymous(clients.of(request));
		}
		else {
			unauthorized.increment();
			return Optional.of(unauthorized("This API needs a " + scope.label()
					+ " key: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'."));
		}
		responseHeaders.set("X-RateLimit-Limit", Integer.toString(decision.limit()));
		responseHeaders.set("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
		responseHeaders.set("X-RateLimit-Reset",
				Long.toString(decision.allowed() ? RateLimits.windowSeconds() : decision.retryAfterSeconds()));
		if (!decision.allowed()) {
			rateLimited.increment();
			ProblemDetail problem = Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
					"Rate limit exceeded", "More than " + decision.limit() + " requests per second; retry after "
							+ decision.retryAfterSeconds() + " s.");
			problem.setProperty("limit", decision.limit());
			ErrorResponseException error = Problems.exception(problem);
			error.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
			return Optional.of(error);
		}
		return Optional.empty();
	}

	/**
	 * A secret key in the query string, or a public key from elsewhere than its origins.
	 */
	private Optional<ErrorResponseException> refusedPublicUse(ApiKeys.Key key, ServerHttpRequest request) {
		boolean inQuery = request.getQueryParams().containsKey(QUERY_KEY);
		if (!key.isPublic()) {
			return inQuery ? Optional.of(unauthorized("The key " + key.name() + " is secret: send it in a header. "
					+ "Only a public key (one limited to origins) may travel in the URL.")) : Optional.empty();
		}
		String origin = request.getHeaders().getOrigin();
		if (origin == null || publicKeyOrigins.get(key.name()).checkOrigin(origin) == null) {
			return Optional.of(Problems
				.exception(Problems.problem(HttpStatus.FORBIDDEN, "origin-not-allowed", "Origin not allowed",
						"The key " + key.name() + " is a public key for web pages on "
								+ String.join(", ", key.origins()) + " only; this request came from "
								+ ((origin == null) ? "no web page (no Origin header)" : origin) + ".")));
		}
		return Optional.empty();
	}

	/**
	 * The key in {@code Authorization: Bearer}, {@code X-API-Key} or (write keys only)
	 * {@code ?write_key=}; refused when malformed, repeated or given twice differently.
	 */
	private Optional<String> presentedKey(ServerHttpRequest request) {
		HttpHeaders headers = request.getHeaders();
		List<String> authorization = headers.getOrDefault(HttpHeaders.AUTHORIZATION, List.of());
		List<String> apiKey = new java.util.ArrayList<>(headers.getOrDefault("X-API-Key", List.of()));
		List<String> inQuery = request.getQueryParams().getOrDefault(QUERY_KEY, List.of());
		if (!inQuery.isEmpty() && scope != ApiScope.WRITE) {
			throw unauthorized(
					"Only a public write key may travel in the URL; send a " + scope.label() + " key in a header.");
		}
		if (authorization.size() > 1 || apiKey.size() > 1 || inQuery.size() > 1
				|| (!inQuery.isEmpty() && (!apiKey.isEmpty() || !authorization.isEmpty()))) {
			throw unauthorized("Send one key, in one place.");
		}
		apiKey.addAll(inQuery);
		String fromAuthorization = null;
		if (!authorization.isEmpty()) {
			String value = authorization.get(0).trim();
			if (!value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
				throw unauthorized("The Authorization header must be 'Bearer <key>'.");
			}
			fromAuthorization = value.substring("bearer ".length()).trim();
		}
		String fromApiKey = apiKey.isEmpty() ? null : apiKey.get(0).trim();
		if (fromAuthorization != null && fromApiKey != null && !fromAuthorization.equals(fromApiKey)) {
			throw unauthorized("Authorization and X-API-Key carry different keys.");
		}
		String key = (fromAuthorization != null) ? fromAuthorization : fromApiKey;
		if (key == null) {
			return Optional.empty();
		}
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			throw unauthorized("An API key is 1 to " + MAX_KEY_LENGTH + " characters.");
		}
		return Optional.of(key);
	}

	private ErrorResponseException unauthorized(String detail) {
		ErrorResponseException error = Problems
			.exception(Problems.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Missing or wrong API key", detail));
		error.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"event-stream\"");
		return error;
	}

}
