package org.eventstream.metrics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The buckets of a time range in a time zone: local days, or local hours (which are not
 * always 60 minutes apart in local time, but always are on the instant timeline: a DST
 * change has a 23- or 25-hour day).
 */
public final class TimeBuckets {

	private TimeBuckets() {
	}

	/**
	 * The start of every bucket that overlaps {@code [from, to]}, ascending; empty when
	 * there are more than {@code cap} of them.
	 */
	public static Optional<List<Instant>> starts(GroupBy unit, Instant from, Instant to, ZoneId zone, int cap) {
		List<Instant> starts = new ArrayList<>();
		if (unit == GroupBy.DAILY) {
			for (LocalDate day = localDate(from, zone); !day.isAfter(localDate(to, zone)); day = day.plusDays(1)) {
				starts.add(day.atStartOfDay(zone).toInstant());
				if (starts.size() > cap) {
					return Optional.empty();
				}
			}
			return Optional.of(starts);
		}
		for (ZonedDateTime hour = ZonedDateTime.ofInstant(from, zone).truncatedTo(ChronoUnit.HOURS); !hour.toInstant()
			.isAfter(to); hour = hour.plusHours(1)) {
			starts.add(hour.toInstant());
			if (starts.size() > cap) {
				return Optional.empty();
			}
		}
		return Optional.of(starts);
	}

	/**
	 * How a bucket is named: {@code 2024-01-15} for a day, RFC 3339 with the zone's
	 * offset for an hour.
	 */
	public static String key(GroupBy unit, Instant start, ZoneId zone) {
		ZonedDateTime local = ZonedDateTime.ofInstant(start, zone);
		return (unit == GroupBy.DAILY) ? local.toLocalDate().toString()
				: local.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
	}

	private static LocalDate localDate(Instant instant, ZoneId zone) {
		return ZonedDateTime.ofInstant(instant, zone).toLocalDate();
	}

}
