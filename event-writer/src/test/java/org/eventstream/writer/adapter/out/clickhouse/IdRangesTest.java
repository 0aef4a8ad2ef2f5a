package org.eventstream.writer.adapter.out.clickhouse;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.eventstream.model.identity.TimeOrderedUuid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdRangesTest {

	@Test
	void readsTheMillisecondOfAVersion7IdAndNothingFromAnyOtherId() {
		long now = System.currentTimeMillis();
		assertThat(IdRanges.millis(v7(now, 1))).isEqualTo(now);
		assertThat(IdRanges.millis(TimeOrderedUuid.next().toString())).isBetween(now, System.currentTimeMillis());
		assertThat(IdRanges.millis(UUID.randomUUID().toString())).as("version 4").isEqualTo(-1);
		assertThat(IdRanges.millis(UUID.nameUUIDFromBytes(new byte[1]).toString())).as("version 3").isEqualTo(-1);
		assertThat(IdRanges.millis(v7(now, 1).toUpperCase())).as("in capitals").isEqualTo(-1);
		assertThat(IdRanges.millis("order-42")).isEqualTo(-1);
		assertThat(IdRanges.millis(v7(now, 1).replace('-', '_'))).isEqualTo(-1);
		String badVariant = v7(now, 1).substring(0, 19) + "c" + v7(now, 1).substring(20);
		assertThat(IdRanges.millis(badVariant)).as("not the RFC variant").isEqualTo(-1);
	}

	@Test
	void asksForRunsOfTimeOrderedIdsByRangeAndForEveryOtherIdByList() {
		long t = 1_764_000_000_000L;
		List<String> live = ids(t, 1_000, 1); // one id per ms: a run of 1,000
		List<String> straggler = ids(t - 60_000, 10, 1); // too few for a range of its own
		List<String> others = List.of(UUID.randomUUID().toString(), "order-42", v7(t, 7).toUpperCase());
		List<String> sorted = Stream.of(live, straggler, others).flatMap(List::stream).sorted().toList();

		IdRanges.Plan plan = IdRanges.of(sorted);

		assertThat(plan.ranges()).containsExactly(live);
		assertThat(plan.listed())
			.containsExactlyInAnyOrderElementsOf(Stream.concat(straggler.stream(), others.stream()).toList());
		assertThat(plan.listed()).isSorted();
	}

	@Test
	void startsANewRunAfterAGapAndWhenARunWouldSpanTooLong() {
		long t = 1_764_000_000_000L;
		List<String> first = ids(t, 300, 1);
		List<String> afterGap = ids(t + 299 + IdRanges.MAX_GAP_MILLIS + 1, 300, 1);
		List<String> sorted = Stream.concat(first.stream(), afterGap.stream()).sorted().toList();
		assertThat(IdRanges.of(sorted).ranges()).containsExactly(first, afterGap);

		// one id every 25 ms for 17.5 s: no gap, but two runs of at most 10 s
		List<String> long_ = ids(t, 700, 25);
		List<List<String>> runs = IdRanges.of(long_).ranges();
		assertThat(runs).hasSize(2);
		for (List<String> run : runs) {
			assertThat(IdRanges.millis(run.get(run.size() - 1)) - IdRanges.millis(run.get(0)))
				.isLessThanOrEqualTo(IdRanges.MAX_SPAN_MILLIS);
		}
		assertThat(runs.stream().flatMap(List::stream).toList()).isEqualTo(long_);
	}

	@Test
	void readsBackAtMostSixRowsPerIdOfARunAndNeverFewerThanTenThousand() {
		assertThat(IdRanges.rowLimit(ids(0, 256, 1))).isEqualTo(10_000);
		assertThat(IdRanges.rowLimit(ids(0, 20_000, 0))).isEqualTo(120_000);
	}

	/** {@code n} version 7 ids, the i-th made at {@code from + i * step} ms, sorted. */
	static List<String> ids(long from, int n, long step) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			ids.add(v7(from + i * step, i));
		}
		ids.sort(null);
		return ids;
	}

	/** A version 7 id made at {@code millis}, its random bits from {@code seed}. */
	static String v7(long millis, long seed) {
		long high = (millis << 16) | 0x7000 | (seed & 0xfff);
		long low = 0x8000000000000000L | (seed * 0x9E3779B97F4A7C15L >>> 2);
		return new UUID(high, low).toString();
	}

}
