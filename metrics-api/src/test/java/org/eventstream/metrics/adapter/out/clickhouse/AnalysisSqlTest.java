package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.eventstream.metrics.domain.EventField;
import org.eventstream.metrics.domain.Filter;
import org.eventstream.metrics.domain.FunnelQuery;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.Measure;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.eventstream.model.event.ChannelType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Filters, measures, two dimensions and funnels, as statements. */
class AnalysisSqlTest {

	private static final Instant FROM = Instant.parse("2024-01-01T00:30:00Z");

	private static final Instant TO = Instant.parse("2024-01-04T10:15:00Z");

	/**
	 * A parameter equals a value as a string, or as a number or boolean when the value
	 * can be one; the terms that cannot match, and the columns they would read, are left
	 * out.
	 */
	@Test
	void comparesAValueAsANumberOrABooleanOnlyWhenItCanBeOne() {
		assertThat(equalsFilter("Page 7"))
			.contains("arrayExists((k, s) -> k = {f0k:String} AND (ifNull(s = {f0v:String}, 0)), "
					+ "event_params.key, event_params.string_value)")
			.doesNotContain("number_value", "boolean_value");
		assertThat(equalsFilter("-1.5e3"))
			.contains("(k, s, n) ->", "ifNull(n = toFloat64OrNull({f0v:String}), 0)", "event_params.number_value)")
			.doesNotContain("boolean_value");
		assertThat(equalsFilter("inf")).contains("(k, s, n) ->");
		assertThat(equalsFilter("false"))
			.contains("(k, s, b) ->", "ifNull(toString(b) = {f0v:String}, 0)", "event_params.boolean_value)")
			.doesNotContain("number_value");
	}

	/**
	 * With a parameter column for every kind of value a comparison needs, the filter
	 * reads the columns, not the array; missing one, it reads the array.
	 */
	@Test
	void comparesAParameterInItsColumnsWhenEventsHasEveryOneItNeeds() {
		Set<String> columns = Set.of("event_params_string_page_title", "event_params_number_page_title",
				"event_params_number_value", "user_params_string_plan");
		Filter title = new Filter(new Filter.Property.EventParam("page_title"), Filter.Operator.EQ, "7");
		Filter value = new Filter(new Filter.Property.EventParam("value"), Filter.Operator.GE, "10");
		Filter plan = new Filter(new Filter.Property.UserParam("plan"), Filter.Operator.NE, "free");
		Filter flag = new Filter(new Filter.Property.EventParam("page_title"), Filter.Operator.EQ, "true");

		assertThat(AggregatesSql.condition(title, "f0", columns).sql())
			.isEqualTo("(ifNull(event_params_string_page_title = {f0v:String}, 0) OR "
					+ "ifNull(event_params_number_page_title = toFloat64OrNull({f0v:String}), 0))");
		assertThat(AggregatesSql.condition(value, "f1", columns).sql())
			.isEqualTo("(ifNull(event_params_number_value >= {f1n:Float64}, 0))");
		assertThat(AggregatesSql.condition(value, "f1", columns).parameters()).containsEntry("f1n", "10.0")
			.doesNotContainKey("f1k");
		assertThat(AggregatesSql.condition(plan, "f2", columns).sql())
			.isEqualTo("NOT (ifNull(user_params_string_plan = {f2v:String}, 0))");
		// "true" may be the boolean too, and there is no boolean column: the array
		assertThat(AggregatesSql.condition(flag, "f3", columns).sql()).startsWith("arrayExists((k, s, b) -> ")
			.doesNotContain("event_params_string_page_title");
		assertThat(AggregatesSql.condition(value, "f1", Set.of("user_params_number_value")).sql())
			.startsWith("arrayExists((k, n) -> k = {f1k:String} AND (ifNull(n >= {f1n:Float64}, 0)), ");
	}

	/**
	 * A measure reads its parameter's number column, and a funnel's filter its columns.
	 */
	@Test
	void sumsAParameterAndFiltersAFunnelInTheirColumnsWhenEventsHasThem() {
		MetricsQuery query = query(Optional.empty(), Optional.empty(), List.of(),
				List.of(Measure.of(Measure.Kind.SUM, "value"), Measure.of(Measure.Kind.AVG, "page_title")));
		FunnelQuery funnel = new FunnelQuery(List.of("a", "b"), Duration.ofHours(1), FROM, Optional.of(TO), Set.of(),
				false, List.of(new Filter(new Filter.Property.EventParam("value"), Filter.Operator.LT, "3")));
		Set<String> columns = Set.of("event_params_number_value");

		assertThat(AggregatesSql.statement(query, TO, Optional.empty(), AggregatesSql.Folding.NONE, columns).sql())
			.contains("ifNull(sum(event_params_number_value), 0) AS m0_sum, count(event_params_number_value) AS m0_n",
					"ifNull(sum(tupleElement(arrayFirst(p -> tupleElement(p, 'key') = {m1:String}, event_params), "
							+ "'number_value')), 0) AS m1_sum");
		assertThat(FunnelSql.statement(funnel, TO, columns).sql())
			.contains("AND (ifNull(event_params_number_value < {f0n:Float64}, 0))")
			.doesNotContain("arrayExists");
	}

	@Test
	void takesAColumnForAParameterOnlyWithTheExactTypeAndExpressionOfOne() {
		String expression = "event_params.string_value[indexOf(event_params.key, 'page_title')]";
		assertThat(ParameterColumns.isParameterColumn("event_params_string_page_title", "Nullable(String)",
				"MATERIALIZED", expression))
			.isTrue();
		assertThat(ParameterColumns.isParameterColumn("event_params_string_page_title", "String", "MATERIALIZED",
				expression))
			.isFalse();
		assertThat(ParameterColumns.isParameterColumn("event_params_string_page_title", "Nullable(String)", "ALIAS",
				expression))
			.isFalse();
		assertThat(ParameterColumns.isParameterColumn("event_params_string_title", "Nullable(String)", "MATERIALIZED",
				expression))
			.isFalse();
		assertThat(ParameterColumns.isParameterColumn("event_params_number_page_title", "Nullable(Float64)",
				"MATERIALIZED", expression))
			.isFalse();
		assertThat(ParameterColumns.isParameterColumn("user_params_boolean_opted_in", "Nullable(Bool)", "MATERIALIZED",
				"user_params.boolean_value[indexOf(user_params.key, 'opted_in')]"))
			.isTrue();
	}

	private static String equalsFilter(String value) {
		MetricsQuery query = query(Optional.empty(), Optional.empty(),
				List.of(new Filter(new Filter.Property.EventParam("page_title"), Filter.Operator.EQ, value)),
				List.of());
		return AggregatesSql.statement(query, TO, Optional.empty(), AggregatesSql.Folding.NONE, Set.of()).sql();
	}

	@Test
	void bindsEveryFilterKeyAndValueAndSplicesNone() {
		String hostileKey = "k') OR 1=1 --";
		String hostileValue = "v' OR '1'='1";
		MetricsQuery query = query(Optional.empty(), Optional.empty(),
				List.of(new Filter(new Filter.Property.EventParam(hostileKey), Filter.Operator.EQ, hostileValue),
						new Filter(new Filter.Property.UserParam("plan"), Filter.Operator.NE, "free"),
						new Filter(new Filter.Property.EventParam("value"), Filter.Operator.GE, "1e3"),
						new Filter(new Filter.Property.Field(EventField.DEVICE_CATEGORY), Filter.Operator.NE, "")),
				List.of());

		Statement statement = AggregatesSql.statement(query, TO, Optional.empty(), AggregatesSql.Folding.NONE,
				Set.of());
		// a column "named" after a hostile key is never taken
		Statement withColumns = AggregatesSql.statement(query, TO, Optional.empty(), AggregatesSql.Folding.NONE,
				Set.of("event_params_string_" + hostileKey));

		assertThat(withColumns.sql()).isEqualTo(statement.sql());
		assertThat(statement.sql()).doesNotContain(hostileKey)
			.doesNotContain(hostileValue)
			.doesNotContain("free")
			.contains("arrayExists((k, s) -> k = {f0k:String}", ", event_params.key, event_params.string_value)",
					"NOT arrayExists((k, s) -> k = {f1k:String}", ", user_params.key, user_params.string_value)",
					"arrayExists((k, n) -> k = {f2k:String} AND (ifNull(n >= {f2n:Float64}, 0)), event_params.key, "
							+ "event_params.number_value)",
					"device_category != {f3:String}");
		assertThat(statement.parameters()).containsEntry("f0k", hostileKey)
			.containsEntry("f0v", hostileValue)
			.containsEntry("f1k", "plan")
			.containsEntry("f1v", "free")
			.containsEntry("f2k", "value")
			.containsEntry("f2n", "1000.0")
			.containsEntry("f3", "");
		// the exact mode's two parts both filter
		assertThat(AggregatesSqlTest.occurrences(statement.sql(), "{f2n:Float64}")).isEqualTo(2);
	}

	@Test
	void sumsMeasuresInTheCountingPartOnly() {
		MetricsQuery query = query(Optional.of(GroupBy.CHANNEL), Optional.empty(), List.of(), List
			.of(Measure.of(Measure.Kind.SUM, "value"), Measure.of(Measure.Kind.AVG, "value"), Measure.revenue()));

		Statement statement = AggregatesSql.statement(query, TO, Optional.empty(), AggregatesSql.Folding.NONE,
				Set.of());

		assertThat(statement.sql())
			.contains("sum(m0_sum) AS m0_sum, sum(m0_n) AS m0_n", "AS m2_sum",
					"toFloat64(0) AS m1_sum, toUInt64(0) AS m1_n", "revenue_in_usd")
			.doesNotContain("'value'");
		assertThat(AggregatesSqlTest.occurrences(statement.sql(), "{m0:String}")).isEqualTo(2);
		assertThat(statement.parameters()).containsEntry("m0", "value").containsEntry("m1", "value");
	}

	@Test
	void groupsAKeptDimensionByItsValuesPlaceAndAKeptPairByOneNumber() {
		MetricsQuery query = query(Optional.of(GroupBy.BROWSER), Optional.of(GroupBy.CHANNEL), List.of(), List.of());
		String browserPlace = "transform(toString(device_browser_name), {kept_1:Array(String)}, "
				+ "CAST([1, 2], 'Array(UInt16)'), toUInt16(0))";

		Statement one = AggregatesSql.statement(query, TO, Optional.empty(),
				new AggregatesSql.Folding(Optional.of(List.of("Chrome", "O'Reilly")), Optional.empty()), Set.of());
		Statement both = AggregatesSql.statement(query, TO, Optional.empty(), new AggregatesSql.Folding(
				Optional.of(List.of("Chrome", "O'Reilly")), Optional.of(List.of("web", "tv", "app"))), Set.of());

		assertThat(one.sql()).contains(browserPlace + " AS group_key", "toString(channel_type) AS group_key_2",
				"GROUP BY GROUPING SETS ((group_key, group_key_2), ())", "GROUP BY group_key, group_key_2, is_total")
			.doesNotContain("Chrome", "kept_2");
		assertThat(one.parameters()).containsEntry("kept_1", "['Chrome','O\\'Reilly']");
		assertThat(both.sql())
			.contains(
					"toUInt32(" + browserPlace + ") * 65536 + transform(toString(channel_type), "
							+ "{kept_2:Array(String)}, CAST([1, 2, 3], 'Array(UInt16)'), toUInt16(0)) AS group_key",
					"GROUP BY GROUPING SETS ((group_key), ())", "GROUP BY group_key, is_total")
			.doesNotContain("group_key_2", "web");
		assertThat(both.parameters()).containsEntry("kept_2", "['web','tv','app']");
	}

	/**
	 * A kept pair's users come from one number per user with a bit per pair: 64, 128 or
	 * 256 bits as the pairs need (the "other" place of each dimension included); beyond
	 * 256 pairs, or with a filter that reads the parameter arrays, a set of users per
	 * pair.
	 */
	@Test
	void countsThePairsUsersByOneNumberPerUserWhenItsBitsSufficeAndNoFilterReadsTheArrays() {
		assertThat(widths(7, 7)).containsExactly("UInt64", "UInt64");
		assertThat(widths(1, 31)).containsExactly("UInt64", "UInt64");
		assertThat(widths(0, 64)).containsExactly("UInt128", "UInt128");
		assertThat(widths(1, 63)).containsExactly("UInt128", "UInt128");
		assertThat(widths(3, 31)).containsExactly("UInt128", "UInt128");
		assertThat(widths(8, 14)).containsExactly("UInt256", "UInt256");
		assertThat(widths(15, 15)).containsExactly("UInt256", "UInt256");
		assertThat(widths(0, 255)).containsExactly("UInt256", "UInt256");
		assertThat(widths(0, 256)).containsExactly("none", "none");
		assertThat(widths(16, 16)).containsExactly("none", "none");
		assertThat(widths(65_535, 65_535)).as("no overflow").containsExactly("none", "none");

		AggregatesSql.Folding folding = folding(2, 4);
		MetricsQuery plain = query(Optional.of(GroupBy.BROWSER), Optional.of(GroupBy.COUNTRY), List.of(), List.of());
		String sql = AggregatesSql.statement(plain, TO, Optional.empty(), folding, Set.of()).sql();
		// the stride is the second dimension's places (4 kept + "other"), the total 3 x 5
		assertThat(sql)
			.contains(" * 5 + transform(toString(geo_country)", "arrayPushBack(bitPositionsToArray(mask), 15) AS place",
					"if(place = 15, 0, intDiv(place, 5) * 65536 + place % 5)", "SETTINGS group_by_use_nulls = 0")
			.doesNotContain("uniqExact(user_hash64) - (count() > 0");

		Filter field = new Filter(new Filter.Property.Field(EventField.BROWSER), Filter.Operator.EQ, "Chrome");
		Filter param = new Filter(new Filter.Property.EventParam("page_title"), Filter.Operator.EQ, "Home");
		MetricsQuery cheap = query(Optional.of(GroupBy.BROWSER), Optional.of(GroupBy.COUNTRY), List.of(field),
				List.of());
		MetricsQuery arrays = query(Optional.of(GroupBy.BROWSER), Optional.of(GroupBy.COUNTRY), List.of(param),
				List.of());
		assertThat(AggregatesSql.statement(cheap, TO, Optional.empty(), folding, Set.of()).sql())
			.contains("groupBitOr");
		assertThat(AggregatesSql.statement(arrays, TO, Optional.empty(), folding, Set.of()).sql())
			.doesNotContain("groupBitOr", "group_by_use_nulls")
			.contains("uniqExact(user_hash64) - (count() > 0");
		assertThat(
				AggregatesSql.statement(arrays, TO, Optional.empty(), folding, Set.of("event_params_string_page_title"))
					.sql())
			.as("the filter reads its parameter column")
			.contains("groupBitOr");
	}

	/**
	 * The mask's type for n1 and n2 kept values ("none": a set per pair), by the folding
	 * and in the statement.
	 */
	private static List<String> widths(int first, int second) {
		AggregatesSql.Folding folding = folding(first, second);
		MetricsQuery query = query(Optional.of(GroupBy.BROWSER), Optional.of(GroupBy.COUNTRY), List.of(), List.of());
		String sql = AggregatesSql.statement(query, TO, Optional.empty(), folding, Set.of()).sql();
		String inStatement = List.of("UInt64", "UInt128", "UInt256")
			.stream()
			.filter(type -> sql.contains("groupBitOr(bitShiftLeft(to" + type + "(1), "))
			.findFirst()
			.orElse("none");
		return List.of(folding.maskWidth().orElse("none"), inStatement);
	}

	private static AggregatesSql.Folding folding(int first, int second) {
		return new AggregatesSql.Folding(Optional.of(IntStream.range(0, first).mapToObj(i -> "b" + i).toList()),
				Optional.of(IntStream.range(0, second).mapToObj(i -> "c" + i).toList()));
	}

	@Test
	void countsTheTopValuesOfBothDimensionsInOneScanWithTheQuestionsFilters() {
		MetricsQuery query = query(Optional.of(GroupBy.BROWSER), Optional.of(GroupBy.COUNTRY),
				List.of(new Filter(new Filter.Property.EventParam("page"), Filter.Operator.EQ, "Home")), List.of());

		Statement both = AggregatesSql.topValues(query, TO, List.of(GroupBy.BROWSER, GroupBy.COUNTRY), Set.of());
		Statement one = AggregatesSql.topValues(query, TO, List.of(GroupBy.COUNTRY), Set.of());

		assertThat(both.sql())
			.startsWith("SELECT toString(device_browser_name) AS k1, toString(geo_country) AS k2, grouping(k1) AS d, "
					+ "count() AS c FROM events WHERE")
			.contains("{f0k:String}", "event_name = {event_name:String}")
			.endsWith("GROUP BY GROUPING SETS ((k1), (k2)) ORDER BY d, c DESC, k1, k2 LIMIT 3 BY d");
		assertThat(both.parameters()).containsKeys("from", "to", "f0k", "f0v", "event_name");
		assertThat(one.sql()).startsWith("SELECT toString(geo_country) AS k1, grouping(k1) AS d")
			.endsWith("GROUP BY GROUPING SETS ((k1)) ORDER BY d, c DESC, k1 LIMIT 3 BY d");
	}

	@Test
	void refusesToKeepMoreValuesThanAPairsNumberHasPlacesFor() {
		List<String> values = IntStream.range(0, AggregatesSql.Folding.PLACES).mapToObj(String::valueOf).toList();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AggregatesSql.Folding(Optional.of(values), Optional.empty()));
	}

	@Test
	void usesNoRollupForAQuestionTheRollupsCannotAnswer() {
		MetricsQuery filtered = new MetricsQuery(Optional.empty(), Optional.of(FROM), Optional.of(TO), Set.of(),
				Optional.of(GroupBy.DAILY), Optional.empty(), ZoneId.of("UTC"), UserCounting.APPROXIMATE, 100,
				List.of(new Filter(new Filter.Property.Field(EventField.BROWSER), Filter.Operator.EQ, "Chrome")),
				List.of());

		assertThat(RollupQuery.tables(filtered)).isEmpty();
	}

	@Test
	void countsFunnelLevelsPerUserAndPerUserAndChannelInOneScan() {
		FunnelQuery funnel = new FunnelQuery(List.of("view_item", "add_to_cart", "purchase"), Duration.ofMinutes(90),
				FROM, Optional.of(TO), Set.of(ChannelType.WEB), true, List.of());

		Statement statement = FunnelSql.statement(funnel, TO, Set.of());

		assertThat(statement.sql())
			.contains("windowFunnel(5400000000)(",
					"event_name = {s0:String}, event_name = {s1:String}, event_name = {s2:String}) AS level",
					"GROUP BY GROUPING SETS ((user_key), (user_key, channel_type))", "user_key != ''",
					"event_name IN {steps:Array(String)}", "WHERE level > 0")
			.doesNotContain("view_item");
		assertThat(statement.parameters()).containsEntry("s0", "view_item")
			.containsEntry("s2", "purchase")
			.containsEntry("steps", "['view_item','add_to_cart','purchase']")
			.containsEntry("channels", "['web']")
			.containsEntry("from", "2024-01-01 00:30:00.000000");

		FunnelQuery overall = new FunnelQuery(List.of("a", "b"), Duration.ofHours(1), FROM, Optional.empty(), Set.of(),
				false, List.of());
		assertThat(FunnelSql.statement(overall, TO, Set.of()).sql()).contains("GROUP BY user_key)")
			.doesNotContain("GROUPING SETS");
	}

	private static MetricsQuery query(Optional<GroupBy> groupBy, Optional<GroupBy> thenBy, List<Filter> filters,
			List<Measure> measures) {
		return new MetricsQuery(Optional.of("page_view"), Optional.of(FROM), Optional.of(TO), Set.of(), groupBy, thenBy,
				ZoneId.of("UTC"), UserCounting.EXACT, 3, filters, measures);
	}

}
