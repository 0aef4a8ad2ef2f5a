package org.eventstream.ingest.adapter.in.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eventstream.ingest.application.port.in.EventOutcome;
import org.eventstream.ingest.application.port.in.IngestResult;

/**
 * The success bodies, in the seed's shapes: {@code {"id": ...}} and {@code {"ids":
 * [...]}}.
 */
final class IngestResponses {

	private IngestResponses() {
	}

	/** {@code POST /events}. */
	record EventAccepted(String id) {
	}

	/**
	 * {@code POST /events/batch}: {@code ids} in request order, {@code null} where an
	 * event was rejected; {@code rejected} lists those, with every problem (absent when
	 * every event was accepted).
	 */
	@JsonInclude(JsonInclude.Include.NON_EMPTY)
	record BatchAccepted(List<String> ids, List<Map<String, Object>> rejected) {
	}

	/**
	 * {@code POST /events/import}: how many lines were read (blank ones included),
	 * accepted and rejected; {@code errors} lists the first rejected lines with every
	 * problem.
	 */
	record ImportAccepted(long lines, long accepted, long rejected, List<Map<String, Object>> errors,
			@JsonProperty("errors_truncated") boolean errorsTruncated) {
	}

	static BatchAccepted batch(IngestResult result) {
		List<String> ids = new ArrayList<>(result.outcomes().size());
		for (EventOutcome outcome : result.outcomes()) {
			ids.add((outcome instanceof EventOutcome.Accepted accepted) ? accepted.id().value() : null);
		}
		return new BatchAccepted(ids, rejected(result));
	}

	static List<Map<String, Object>> rejected(IngestResult result) {
		List<Map<String, Object>> rejected = new ArrayList<>();
		for (int index = 0; index < result.outcomes().size(); index++) {
			if (result.outcomes().get(index) instanceof EventOutcome.Rejected rejection) {
				rejected.add(Map.of("index", index, "errors",
						rejection.violations().stream().map(ApiProblem::error).toList()));
			}
		}
		return rejected;
	}

}
