package org.eventstream.ingest.adapter.in.web;

import java.time.Duration;
import java.util.Optional;

import org.eventstream.ingest.application.port.in.IngestOverloadedException;
import org.eventstream.ingest.application.port.out.EventsNotPublishedException;
import org.eventstream.web.problem.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The ingest failures that are not the client's fault: 503 with {@code Retry-After}. */
public final class IngestProblems {

	private IngestProblems() {
	}

	public static Optional<ProblemDetail> of(Throwable error, HttpHeaders headers) {
		return response(error).map(response -> {
			headers.addAll(response.getHeaders());
			return response.getBody();
		});
	}

	static Optional<ErrorResponseException> response(Throwable error) {
		if (error instanceof EventsNotPublishedException notPublished) {
			return Optional.of(unavailable(
					"kafka-unavailable", "Kafka unavailable", "The events were not durably accepted by Kafka ("
							+ notPublished.getMessage() + "); nothing was acknowledged. Retry the same request.",
					notPublished.retryAfter()));
		}
		if (error instanceof IngestOverloadedException overloaded) {
			return Optional.of(unavailable("overloaded", "Overloaded", overloaded.getMessage() + ". Retry later.",
					Duration.ofSeconds(1)));
		}
		return Optional.empty();
	}

	static ErrorResponseException unavailable(String type, String title, String detail, Duration retryAfter) {
		long seconds = Math.max(1, retryAfter.toSeconds());
		ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail);
		problem.setProperty("retry_after_seconds", seconds);
		ErrorResponseException response = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return response;
	}

}
