package org.eventstream.client;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTest {

	@Test
	void anEventWithoutItsOwnIdGetsAVersion7UuidOfNow() {
		long before = System.currentTimeMillis();
		UUID id = UUID.fromString(Event.timeOrderedId());
		long after = System.currentTimeMillis();

		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
		assertThat(Event.timeOrderedId()).isNotEqualTo(Event.timeOrderedId());
	}

}
