package org.eventstream.ingest.application.port.in;

import java.util.List;

import org.eventstream.model.event.EventId;
import org.eventstream.model.validation.Violation;

/** What happened to one event of a request. */
public sealed interface EventOutcome {

	/** Valid, identified and (unless the request was a dry run) durably published. */
	record Accepted(EventId id) implements EventOutcome {
	}

	/** Invalid: every problem found, none of it published. */
	record Rejected(List<Violation> violations) implements EventOutcome {

		public Rejected {
			violations = List.copyOf(violations);
		}

	}

}
