package org.eventstream.web.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Builds this project's problems: {@code type} is {@code /problems/<slug>}, documented in
 * the README.
 */
public final class Problems {

	private Problems() {
	}

	public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("/problems/" + type));
		problem.setTitle(title);
		return problem;
	}

	/** An exception that the handler renders as exactly this problem. */
	public static ErrorResponseException exception(ProblemDetail problem) {
		return new ErrorResponseException(HttpStatus.valueOf(problem.getStatus()), problem, null);
	}

}
