package org.eventstream.web.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
 * Renders every error as RFC 9457 {@code application/problem+json}: the service's own
 * problems (through the {@code serviceProblems} mapping, which may also set headers such
 * as {@code Retry-After}), Spring's (404 unknown path, 405 wrong method, 415 wrong media
 * type, 400 bad parameter) and any {@link ErrorResponse}. Anything else is a bug: logged,
 * and answered 500 without internals.
 */
@Order(-2)
public final class ProblemJsonExceptionHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemJsonExceptionHandler.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final BiFunction<Throwable, HttpHeaders, Optional<ProblemDetail>> serviceProblems;

	private final MeterRegistry meters;

	public ProblemJsonExceptionHandler(BiFunction<Throwable, HttpHeaders, Optional<ProblemDetail>> serviceProblems) {
		this(serviceProblems, new SimpleMeterRegistry());
	}

	/**
	 * Also counts every problem answered as {@code http.problems} by {@code type} (the
	 * slug) and {@code status}: rejected requests by reason.
	 */
	public ProblemJsonExceptionHandler(BiFunction<Throwable, HttpHeaders, Optional<ProblemDetail>> serviceProblems,
			MeterRegistry meters) {
		this.serviceProblems = serviceProblems;
		this.meters = meters;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable thrown) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(thrown);
		}
		var request = exchange.getRequest();
		var response = exchange.getResponse();
		Answer answer = answer(thrown, request.getMethod().name(), request.getPath().value(), response.getHeaders());
		response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
	}

	/**
	 * A problem answer: its status and its {@code application/problem+json} body.
	 */
	public record Answer(int status, byte[] body) {
	}

	/**
	 * The answer to an error, for {@link #handle} and for routes served outside WebFlux
	 * (ingest-api's own, on Reactor Netty): the problem's headers (such as
	 * {@code Retry-After}) are added to {@code headers}, the problem counted.
	 * @param method the request's method, logged with an unexpected error
	 * @param path the request's path, the problem's {@code instance}
	 */
	public Answer answer(Throwable thrown, String method, String path, HttpHeaders headers) {
		Throwable error = (thrown instanceof CompletionException && thrown.getCause() != null) ? thrown.getCause()
				: thrown;
		ProblemDetail problem = problemFor(error, method, path, headers);
		problem.setInstance(URI.create(path));
		meters
			.counter("event_stream.http.problems", "type", slug(problem), "status",
					Integer.toString(problem.getStatus()))
			.increment();
		return new Answer(problem.getStatus(), json.writeValueAsBytes(asMap(problem)));
	}

	private ProblemDetail problemFor(Throwable error, String method, String path, HttpHeaders headers) {
		if (error instanceof ErrorResponse response) {
			headers.addAll(response.getHeaders());
			return response.getBody();
		}
		return serviceProblems.apply(error, headers).orElseGet(() -> {
			log.error("unexpected error on {} {}", method, path, error);
			return Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
					"The server failed to handle the request; it was logged.");
		});
	}

	/**
	 * {@code /problems/rate-limited} → {@code rate-limited}; Spring's {@code about:blank}
	 * → {@code blank}.
	 */
	static String slug(ProblemDetail problem) {
		String type = (problem.getType() != null) ? problem.getType().toString() : "about:blank";
		return type.substring(Math.max(type.lastIndexOf('/'), type.lastIndexOf(':')) + 1);
	}

	private static Map<String, Object> asMap(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType() != null ? problem.getType().toString() : "about:blank");
		HttpStatus status = HttpStatus.resolve(problem.getStatus());
		body.put("title", problem.getTitle() != null ? problem.getTitle()
				: (status != null ? status.getReasonPhrase() : "Error"));
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
