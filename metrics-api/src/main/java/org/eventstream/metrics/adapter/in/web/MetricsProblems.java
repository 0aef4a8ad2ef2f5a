package org.eventstream.metrics.adapter.in.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eventstream.metrics.application.port.out.MetricsUnavailableException;
import org.eventstream.web.problem.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The metrics API's own problems: invalid parameters (400), too many buckets (400), store
 * unavailable (503).
 */
public final class MetricsProblems {

	private MetricsProblems() {
	}

	/** The store did not answer: 503, retry in a few seconds. */
	public static Optional<ProblemDetail> of(Throwable error, HttpHeaders headers) {
		if (error instanceof MetricsUnavailableException) {
			headers.set(HttpHeaders.RETRY_AFTER, "5");
			return Optional.of(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
					"Metrics unavailable", "ClickHouse did not answer; retry shortly"));
		}
		return Optional.empty();
	}

	static ErrorResponseException invalidParameters(Map<String, String> problems) {
		ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
				"Invalid parameters: " + String.join(", ", problems.keySet().stream().sorted().toList()));
		problem.setProperty("errors", errors(problems));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	static ErrorResponseException tooManyBuckets(int cap) {
		ProblemDetail problem = Problems.problem(HttpStatus.BAD_REQUEST, "too-many-buckets", "Range too large",
				"The range holds more than " + cap + " buckets of the requested grouping; narrow from/to "
						+ "or group by a coarser unit");
		problem.setProperty("limit", cap);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	private static List<Map<String, String>> errors(Map<String, String> problems) {
		return problems.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map(entry -> Map.of("parameter", entry.getKey(), "message", entry.getValue()))
			.toList();
	}

}
