package org.eventstream.ingest.adapter.in.web;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.eventstream.ingest.application.port.in.IngestOverloadedException;
import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error as RFC 9457 {@code application/problem+json}: this API's own
 * problems, Spring's (404 unknown path, 405 wrong method, 415 wrong media type, 400 bad
 * parameter), and 503 for an unavailable Kafka. Anything else is a bug: logged, and
 * answered 500 without internals.
 */
@Order(-2)
public final class ProblemJsonExceptionHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemJsonExceptionHandler.class);

	private final JsonMapper json = JsonMapper.builder().build();

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable thrown) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(thrown);
		}
		Throwable error = (thrown instanceof CompletionException && thrown.getCause() != null) ? thrown.getCause()
				: thrown;
		ProblemDetail problem = problemFor(error, exchange);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = json.writeValueAsBytes(asMap(problem));
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private ProblemDetail problemFor(Throwable error, ServerWebExchange exchange) {
		if (error instanceof ErrorResponse response) {
			ProblemDetail problem = response.getBody();
			exchange.getResponse().getHeaders().addAll(response.getHeaders());
			return problem;
		}
		if (error instanceof EventsNotPublishedException notPublished) {
			return unavailable(exchange, "kafka-unavailable", "Kafka unavailable",
					"The events were not durably accepted by Kafka (" + notPublished.getMessage()
							+ "); nothing was acknowledged. Retry the same request.",
					notPublished.retryAfter());
		}
		if (error instanceof IngestOverloadedException overloaded) {
			return unavailable(exchange, "overloaded", "Overloaded", overloaded.getMessage() + ". Retry later.",
					Duration.ofSeconds(1));
		}
		log.error("unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
				error);
		return ApiProblem.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The server failed to handle the request; it was logged.");
	}

	private static ProblemDetail unavailable(ServerWebExchange exchange, String type, String title, String detail,
			Duration retryAfter) {
		long seconds = Math.max(1, retryAfter.toSeconds());
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		ProblemDetail problem = ApiProblem.problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail);
		problem.setProperty("retry_after_seconds", seconds);
		return problem;
	}

	private static Map<String, Object> asMap(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType() != null ? problem.getType().toString() : "about:blank");
		body.put("title", problem.getTitle() != null ? problem.getTitle()
				: HttpStatus.valueOf(problem.getStatus()).getReasonPhrase());
		body.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			body.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return body;
	}

}
