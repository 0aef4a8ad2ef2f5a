package org.eventstream.model.identity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedUuidTest {

	@Test
	void isAVersion7UuidCarryingItsMillisecond() {
		UUID id = TimeOrderedUuid.at(1_700_000_000_123L);

		assertThat(id.version()).isEqualTo(7);
		assertThat(id.variant()).isEqualTo(2);
		assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(1_700_000_000_123L);
		assertThat(id.toString()).startsWith("018bcfe5-687b-7");
	}

	@Test
	void idsOfLaterMillisecondsSortAfterAsTextAndAreNeverRepeated() {
		List<String> ids = new ArrayList<>();
		for (long millis = 1_700_000_000_000L; millis < 1_700_000_000_000L + 1_000; millis++) {
			ids.add(TimeOrderedUuid.at(millis).toString());
			ids.add(TimeOrderedUuid.at(millis).toString());
		}
		for (int i = 2; i < ids.size(); i++) {
			assertThat(ids.get(i)).isGreaterThan(ids.get(i - 2));
		}
		assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
	}

}
