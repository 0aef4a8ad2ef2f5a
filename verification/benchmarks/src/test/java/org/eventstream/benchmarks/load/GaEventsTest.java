package org.eventstream.benchmarks.load;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.eventstream.model.validation.ValidationResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The load is made of events the ingest tier accepts, of the size the issue asks for. */
class GaEventsTest {

	@Test
	void generatesValidDistinctEventsOfAbout700Bytes() {
		GaEvents events = new GaEvents(42);
		EventReader reader = new EventReader(EventLimits.DEFAULTS);
		JsonMapper json = JsonMapper.builder().build();
		Set<String> distinct = new HashSet<>();
		long bytes = 0;
		for (int i = 0; i < 2000; i++) {
			String event = events.next(Instant.now());
			bytes += event.length();
			distinct.add(event);
			assertThat(reader.read(json.readValue(event, Object.class))).as(event)
				.isInstanceOf(ValidationResult.Valid.class);
		}
		assertThat(distinct).hasSize(2000);
		assertThat(bytes / 2000).isBetween(600L, 800L);
		assertThat(json.readTree(events.batch(100, Instant.now())).get("events")).hasSize(100);
	}

}
