package org.eventstream.web.problem;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemJsonExceptionHandlerTest {

	@Test
	void countsProblemsByTheirTypesLastSegment() {
		assertThat(ProblemJsonExceptionHandler
			.slug(Problems.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Rate limited", "slow down")))
			.isEqualTo("rate-limited");
		ProblemDetail spring = ProblemDetail.forStatus(HttpStatus.NOT_FOUND);
		spring.setType(URI.create("about:blank"));
		assertThat(ProblemJsonExceptionHandler.slug(spring)).isEqualTo("blank");
		spring.setType(null);
		assertThat(ProblemJsonExceptionHandler.slug(spring)).isEqualTo("blank");
	}

}
