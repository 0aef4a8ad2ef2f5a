package org.eventstream.writer.adapter.out.clickhouse;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UrlChunksTest {

	@Test
	void countsEachCharacterAsItsPercentEncodingWithRoomForQuotesAndASeparator() {
		assertThat(UrlChunks.urlBytes("ab1")).isEqualTo(9 + 3);
		assertThat(UrlChunks.urlBytes("a-b")).as("'-' as %2D").isEqualTo(9 + 1 + 3 + 1);
		assertThat(UrlChunks.urlBytes("it's")).as("the quote escaped, then encoded").isEqualTo(9 + 2 + 6 + 1);
		assertThat(UrlChunks.urlBytes("é")).as("two UTF-8 bytes").isEqualTo(9 + 6);
		assertThat(UrlChunks.urlBytes("用")).as("three UTF-8 bytes").isEqualTo(9 + 9);
	}

	@Test
	void splitsIntoConsecutiveRunsThatEachFitTheBudget() {
		List<String> values = List.of("a", "b", "c", "d", "e");

		// 10 bytes each: two fit in 25, the fifth is alone
		assertThat(UrlChunks.of(values, 25)).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
		assertThat(UrlChunks.of(values, 50)).containsExactly(values);
		assertThat(UrlChunks.of(List.of(), 50)).isEmpty();
	}

	@Test
	void bindsARequestsValuesAsParametersThatEachFitClickHousesFieldLimit() {
		List<String> values = java.util.stream.IntStream.range(0, 3_000)
			.mapToObj(i -> String.format("%040d", i))
			.toList();

		UrlChunks.Bound bound = UrlChunks.bind(values, "v", "{%s:Array(String)}", share -> String.join("|", share));

		// 49 bytes each: 2,006 values fit in 96 KiB
		assertThat(bound.sql()).isEqualTo("arrayConcat({v0:Array(String)}, {v1:Array(String)})");
		assertThat(bound.parameters()).containsOnlyKeys("v0", "v1");
		assertThat(String.join("|", bound.parameters().values().stream().map(String::valueOf).toList()))
			.isEqualTo(String.join("|", values));
		assertThat(UrlChunks.bind(List.of("a"), "v", "{%s:String}", share -> share.get(0)).sql())
			.isEqualTo("arrayConcat({v0:String})");
	}

	@Test
	void givesAValueLongerThanTheBudgetARunOfItsOwn() {
		String longest = "x".repeat(100);

		assertThat(UrlChunks.of(List.of("a", longest, "b"), 20)).containsExactly(List.of("a"), List.of(longest),
				List.of("b"));
	}

}
