package org.eventstream.ingest.adapter.in.web;

import java.util.List;
import java.util.Map;

import org.eventstream.model.validation.Violation;
import org.eventstream.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The client errors this API answers with, as RFC 9457 problems. Each carries the facts a
 * client needs to fix its request: the limit it broke, where its JSON went wrong, every
 * problem of every event.
 */
final class ApiProblem {

	private ApiProblem() {
	}

	static ErrorResponseException malformedJson(String message, long line, long column) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
				message + " (line " + line + ", column " + column + ")");
		problem.setProperty("line", line);
		problem.setProperty("column", column);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	static ErrorResponseException invalidRequest(String pointer, String message) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", message);
		problem.setProperty("errors", List.of(Map.of("pointer", pointer, "message", message)));
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	static ErrorResponseException invalidEvent(List<Violation> violations) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-event", "Invalid event",
				"The event has " + violations.size() + " problem(s); nothing was accepted.");
		problem.setProperty("errors", violations.stream().map(ApiProblem::error).toList());
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	static ErrorResponseException noValidEvent(List<Map<String, Object>> rejected) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-event", "No valid event",
				"None of the " + rejected.size() + " events is valid; nothing was accepted.");
		problem.setProperty("rejected", rejected);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	static ErrorResponseException noValidLine(long rejected, List<Map<String, Object>> errors, boolean truncated) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-event", "No valid event",
				"None of the " + rejected + " lines is a valid event; nothing was accepted.");
		problem.setProperty("errors", errors);
		problem.setProperty("errors_truncated", truncated);
		return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	/**
	 * An import that stopped part-way: the reason's status and type, and how far it got.
	 * Every line up to {@code processedThroughLine} was processed: its valid events are
	 * durably in Kafka.
	 */
	static ErrorResponseException importStopped(ErrorResponseException why, long processedThroughLine, long accepted) {
		ProblemDetail problem = why.getBody();
		problem.setDetail(problem.getDetail() + " The import stopped: every line up to line " + processedThroughLine
				+ " was processed (" + accepted + " events accepted); resend from line " + (processedThroughLine + 1)
				+ ", or resend it all (imported events are identified by their content, so none is stored twice).");
		problem.setProperty("processed_through_line", processedThroughLine);
		problem.setProperty("accepted", accepted);
		ErrorResponseException stopped = new ErrorResponseException(why.getStatusCode(), problem, null);
		stopped.getHeaders().addAll(why.getHeaders());
		return stopped;
	}

	static ErrorResponseException tooLarge(String what, long limit) {
		ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
				what + " is over the limit of " + limit);
		problem.setProperty("limit", limit);
		return new ErrorResponseException(HttpStatus.CONTENT_TOO_LARGE, problem, null);
	}

	static ErrorResponseException unsupportedEncoding(String encoding) {
		ProblemDetail problem = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-encoding",
				"Unsupported content encoding",
				"Content-Encoding '" + encoding + "' is not supported; send identity or gzip");
		return new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, problem, null);
	}

	static Map<String, Object> error(Violation violation) {
		return Map.of("pointer", violation.pointer(), "message", violation.message());
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		return Problems.problem(status, type, title, detail);
	}

}
