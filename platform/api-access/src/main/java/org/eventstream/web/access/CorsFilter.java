package org.eventstream.web.access;

import java.util.List;
import java.util.Optional;

import org.eventstream.web.problem.Problems;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * CORS for the API's paths: Spring's processor with this service's allowed origins,
 * methods and headers, never credentials (keys travel in headers, not cookies). A
 * cross-origin request from an origin that is not allowed gets a 403 problem
 * ({@code /problems/origin-not-allowed}) instead of Spring's empty 403. With no allowed
 * origins no CORS headers are sent at all, so browsers keep other sites out.
 */
public final class CorsFilter implements WebFilter, Ordered {

	/**
	 * What Spring's processor adds to {@code Vary} on every request to a path with CORS.
	 */
	private static final List<String> VARY_HEADERS = List.of(HttpHeaders.ORIGIN,
			HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);

	private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {

		@Override
		protected void rejectRequest(ServerHttpResponse response) {
			// answered with a problem below
		}

	};

	/** The configuration, or null when no origin is allowed. */
	private final CorsConfiguration config;

	private final PathPattern pattern;

	CorsFilter(String pathPattern, List<String> allowedOrigins, List<String> methods, List<String> allowedHeaders,
			List<String> exposedHeaders) {
		this.pattern = PathPatternParser.defaultInstance.parse(pathPattern);
		if (allowedOrigins.isEmpty()) {
			this.config = null;
		}
		else {
			this.config = new CorsConfiguration();
			config.setAllowedOriginPatterns(allowedOrigins);
			config.setAllowedMethods(methods);
			config.setAllowedHeaders(allowedHeaders);
			config.setExposedHeaders(exposedHeaders);
			config.setAllowCredentials(false);
			config.setMaxAge(3600L);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!applies(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		if (!processor.process(config, exchange)) {
			return Mono.error(notAllowed(config));
		}
		return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
	}

	/**
	 * CORS for a request that is not a preflight, served outside WebFlux (ingest-api's
	 * own routes), answered as {@link #filter} answers it: Spring's processor's steps for
	 * such a request (Spring Framework 7.0's {@code DefaultCorsProcessor}; ingest-api's
	 * {@code IngestRoutesTest} holds the two equal for allowed, refused and malformed
	 * origins) set the {@code Vary} and {@code Access-Control-*} headers on
	 * {@code responseHeaders}; empty when the request may go on, else the problem that
	 * refuses it.
	 */
	public Optional<ErrorResponseException> checkActualRequest(ServerHttpRequest request, HttpHeaders responseHeaders) {
		if (!applies(request)) {
			return Optional.empty();
		}
		List<String> vary = responseHeaders.get(HttpHeaders.VARY);
		for (String header : VARY_HEADERS) {
			if (vary == null || !vary.contains(header)) {
				responseHeaders.add(HttpHeaders.VARY, header);
			}
		}
		try {
			if (!CorsUtils.isCorsRequest(request)) {
				return Optional.empty();
			}
		}
		catch (IllegalArgumentException malformedOrigin) {
			return Optional.of(notAllowed(config));
		}
		if (responseHeaders.getAccessControlAllowOrigin() != null) {
			return Optional.empty();
		}
		String allowOrigin = config.checkOrigin(request.getHeaders().getOrigin());
		if (allowOrigin == null || config.checkHttpMethod(request.getMethod()) == null) {
			return Optional.of(notAllowed(config));
		}
		responseHeaders.setAccessControlAllowOrigin(allowOrigin);
		if (config.getExposedHeaders() != null && !config.getExposedHeaders().isEmpty()) {
			responseHeaders.setAccessControlExposeHeaders(config.getExposedHeaders());
		}
		return Optional.empty();
	}

	/** Whether origins are allowed at all and the request's path is under CORS. */
	private boolean applies(ServerHttpRequest request) {
		return config != null && pattern.matches(request.getPath().pathWithinApplication());
	}

	private static ErrorResponseException notAllowed(CorsConfiguration config) {
		return Problems.exception(Problems.problem(HttpStatus.FORBIDDEN, "origin-not-allowed", "Origin not allowed",
				"Cross-origin requests to this API are allowed from "
						+ String.join(", ", config.getAllowedOriginPatterns()) + " only."));
	}

}
