package org.eventstream.web.access;

import java.util.List;

import org.eventstream.web.problem.Problems;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the API's paths: Spring's processor with this service's allowed origins,
 * methods and headers, never credentials (keys travel in headers, not cookies). A
 * cross-origin request from an origin that is not allowed gets a 403 problem
 * ({@code /problems/origin-not-allowed}) instead of Spring's empty 403. With no allowed
 * origins no CORS headers are sent at all, so browsers keep other sites out.
 */
public final class CorsFilter implements WebFilter, Ordered {

	private final UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();

	private final DefaultCorsProcessor processor = new DefaultCorsProcessor() {

		@Override
		protected void rejectRequest(ServerHttpResponse response) {
			// answered with a problem below
		}

	};

	CorsFilter(String pathPattern, List<String> allowedOrigins, List<String> methods, List<String> allowedHeaders,
			List<String> exposedHeaders) {
		if (!allowedOrigins.isEmpty()) {
			CorsConfiguration config = new CorsConfiguration();
			config.setAllowedOriginPatterns(allowedOrigins);
			config.setAllowedMethods(methods);
			config.setAllowedHeaders(allowedHeaders);
			config.setExposedHeaders(exposedHeaders);
			config.setAllowCredentials(false);
			config.setMaxAge(3600L);
			source.registerCorsConfiguration(pathPattern, config);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		CorsConfiguration config = source.getCorsConfiguration(exchange);
		if (config == null) {
			return chain.filter(exchange);
		}
		if (!processor.process(config, exchange)) {
			return Mono.error(Problems.exception(Problems.problem(HttpStatus.FORBIDDEN, "origin-not-allowed",
					"Origin not allowed", "Cross-origin requests to this API are allowed from "
							+ String.join(", ", config.getAllowedOriginPatterns()) + " only.")));
		}
		return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
	}

}
