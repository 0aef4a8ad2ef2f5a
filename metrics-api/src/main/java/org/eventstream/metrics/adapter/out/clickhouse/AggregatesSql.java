package org.eventstream.metrics.adapter.out.clickhouse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.eventstream.metrics.domain.EventField;
import org.eventstream.metrics.domain.Filter;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.Measure;
import org.eventstream.metrics.domain.MetricsQuery;
import org.eventstream.metrics.domain.UserCounting;
import org.eventstream.model.event.ChannelType;
import org.eventstream.store.EventColumns;
import org.eventstream.store.Literals;
import org.eventstream.store.Tables;

/**
 * The one statement that answers a {@link MetricsQuery}: totals and groups together
 * ({@code GROUPING SETS}), every value bound as a server-side parameter. Only fixed SQL
 * fragments chosen from the query's enums enter the text. Each stored row is one event
 * (the writer stores each id once), so {@code count()} is exact without {@code FINAL}.
 * Pure: what the rollups hold comes in as a {@link RollupQuery.Plan}, the values a
 * two-dimension question keeps as a {@link Folding}.
 *
 * <p>
 * Columns of the answer: {@code group_key} and {@code group_key_2} (a dimension's value,
 * or its place among the values a {@link Folding} keeps, 0 for the others; both places in
 * {@code group_key} alone when both dimensions are kept), {@code total}, {@code users},
 * {@code first_event}, {@code m<i>_sum} and {@code m<i>_n} per measure, and
 * {@code is_total} on the row of the whole range.
 */
final class AggregatesSql {

	static final DateTimeFormatter DATETIME64 = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	/**
	 * Distinct users, exactly, over the 64-bit {@code user_hash64} (half the hash set of
	 * the 128-bit {@code user_hash}, about twice as fast). Events without a user carry
	 * {@code user_hash64 = 0}; rather than skip them row by row ({@code uniqExactIf},
	 * about 20 % slower), count zero as one more value and take it back off in each group
	 * that holds it. ({@code min} of no rows is 0 too, hence {@code count() > 0}.)
	 */
	static final String USERS_BY_HASH = "uniqExact(user_hash64) - (count() > 0 AND min(user_hash64) = 0)";

	/**
	 * What the hash count misses: a hash that more than one user key has is on record in
	 * {@code user_hash64_collisions} (the writer records it before it stores the second
	 * key's events; migration V5), and the users of such a hash are its keys. Its rows
	 * are found through the bloom filter index on {@code user_hash64}, so with no
	 * collision on record this reads nothing.
	 */
	static final String USERS_MISSED_BY_HASH = "uniqExact(user_key) - uniqExact(user_hash64)";

	static final String COLLIDED = " AND user_hash64 IN (SELECT user_hash64 FROM " + Tables.USER_HASH64_COLLISIONS
			+ ")";

	private AggregatesSql() {
	}

	/**
	 * Which values of each dimension a two-dimension question keeps; the rest are counted
	 * together as "other". Empty: every value is kept. A kept dimension is grouped by its
	 * value's place in the list ({@code transform}: 1 to n, 0 for any other value), not
	 * by its text, and a pair of kept dimensions by one number: ClickHouse groups by a
	 * number several times faster than by two strings (by hand on the 10 M-event set,
	 * browser x OS: 300 ms for the strings, ~260 for the places, users exactly).
	 */
	record Folding(Optional<List<String>> first, Optional<List<String>> second) {

		static final Folding NONE = new Folding(Optional.empty(), Optional.empty());

		/** Places of the first dimension step by this in a pair's number. */
		static final int PLACES = 65_536;

		Folding {
			if (first.orElse(List.of()).size() >= PLACES || second.orElse(List.of()).size() >= PLACES) {
				throw new IllegalArgumentException("at most " + (PLACES - 1) + " values of a dimension can be kept");
			}
		}

		/**
		 * Whether both dimensions are kept: one number, {@code group_key}, holds both
		 * places.
		 */
		boolean paired() {
			return first.isPresent() && second.isPresent();
		}

		/**
		 * How many pairs of places there are, {@code (n1 + 1) * (n2 + 1)} with the
		 * "other" place of each; only when {@link #paired()}.
		 */
		long pairs() {
			return (first.orElseThrow().size() + 1L) * (second.orElseThrow().size() + 1L);
		}

		/**
		 * The unsigned integer type that has a bit for every pair, when there is one (at
		 * most 256 pairs, such as 15 kept values of each dimension and "other"): each
		 * user's pairs are then one value of it ({@link #usersByMask}).
		 */
		Optional<String> maskWidth() {
			if (!paired()) {
				return Optional.empty();
			}
			long pairs = pairs();
			return (pairs <= 64) ? Optional.of("UInt64") : (pairs <= 128) ? Optional.of("UInt128")
					: (pairs <= 256) ? Optional.of("UInt256") : Optional.empty();
		}

	}

	/**
	 * @param to the range's end, resolved ("now" when the query has none)
	 * @param rollup what the rollups answer for, when the query may use them
	 * @param folding the values kept of each dimension
	 * @param columns the parameter columns {@code events} has ({@link ParameterColumns})
	 */
	static Statement statement(MetricsQuery query, Instant to, Optional<RollupQuery.Plan> rollup, Folding folding,
			Set<String> columns) {
		Statement filters = filters(query, columns);
		Statement body;
		if (rollup.isPresent()) {
			body = RollupQuery.sql(query, rollup.get(), filters);
		}
		else if (query.counting() == UserCounting.APPROXIMATE) {
			body = aggregate(query, folding, "count()", "uniqHLL12If(user_hash, user_hash != 0)",
					measureColumns(query, columns), filters);
		}
		else {
			// the counts by hash, plus what they miss for hashes on record as shared
			List<String> keys = keyAliases(query, folding);
			StringBuilder outer = new StringBuilder("SELECT ");
			keys.forEach(key -> outer.append(key).append(", "));
			outer.append("sum(total) AS total, sum(users) AS users, min(first_event) AS first_event");
			for (int i = 0; i < query.measures().size(); i++) {
				outer.append(", sum(m")
					.append(i)
					.append("_sum) AS m")
					.append(i)
					.append("_sum, sum(m")
					.append(i)
					.append("_n) AS m")
					.append(i)
					.append("_n");
			}
			outer.append(keys.isEmpty() ? "" : ", is_total").append(" FROM (");
			// the mask reads the range a second time, filters and all: not worth it when
			// a
			// filter reads every event's parameter arrays
			boolean byMask = folding.maskWidth().isPresent()
					&& query.filters().stream().allMatch(filter -> inColumns(filter, columns));
			body = Statement.of(outer.toString())
				.append(aggregate(query, folding, "count()", byMask ? "toInt64(0)" : USERS_BY_HASH,
						measureColumns(query, columns), filters));
			if (byMask) {
				body = body.append(" UNION ALL ").append(usersByMask(query, folding, filters));
			}
			body = body.append(" UNION ALL ")
				.append(aggregate(query, folding, "0", USERS_MISSED_BY_HASH, noMeasures(query),
						filters.append(COLLIDED)))
				.append(")" + (keys.isEmpty() ? "" : " GROUP BY " + String.join(", ", keys) + ", is_total"));
			if (byMask) {
				// the mask's total has group_key 0, as a GROUPING SETS total has unless a
				// profile sets group_by_use_nulls: keep the two one row
				body = body.append(" SETTINGS group_by_use_nulls = 0");
			}
		}
		return bindRange(query, to, body);
	}

	/**
	 * The {@code limit} values with the most events in the question's range of each of
	 * one or two dimensions (ties by value): {@code d}, the dimension's position from 0,
	 * {@code k1} or {@code k2}, its value, and {@code c}, the count; most first.
	 */
	static Statement topValues(MetricsQuery query, Instant to, List<GroupBy> dimensions, Set<String> columns) {
		StringBuilder select = new StringBuilder("SELECT ");
		List<String> sets = new ArrayList<>();
		for (int i = 0; i < dimensions.size(); i++) {
			select.append(keyExpression(dimensions.get(i))).append(" AS k").append(i + 1).append(", ");
			sets.add("(k" + (i + 1) + ")");
		}
		Statement sql = Statement
			.of(select + "grouping(k1) AS d, count() AS c FROM " + Tables.EVENTS + " WHERE " + RANGE
					+ (query.from().isPresent() ? FROM : ""))
			.append(filters(query, columns))
			.append(" GROUP BY GROUPING SETS (" + String.join(", ", sets) + ") ORDER BY d, c DESC, k1"
					+ ((dimensions.size() > 1) ? ", k2" : "") + " LIMIT " + query.limit() + " BY d");
		return bindRange(query, to, sql);
	}

	/**
	 * Every text ClickHouse's {@code toFloat64OrNull} might read as a number is made of
	 * these characters (digits, hexadecimal ones, signs, points, exponents, {@code inf},
	 * {@code nan}, {@code infinity} in any case, spaces), a generous superset; a text
	 * with any other, such as {@code Page 7}, is never a number.
	 */
	private static final Pattern MAYBE_FLOAT = Pattern.compile("[0-9a-fA-F+\\-.xXpPinftyINFTY\\s_]*");

	/**
	 * One way a parameter can match: its lambda variable, the kind of value it compares
	 * ({@code string}, {@code number}, {@code boolean}: the array's subcolumn
	 * {@code <kind>_value}, or a {@link ParameterColumns parameter column}) and the test,
	 * with {@code %s} for the value.
	 */
	private record ValueTerm(String variable, String kind, String match) {
	}

	private static final String RANGE = "event_time <= {to:DateTime64(6, 'UTC')}";

	private static final String FROM = " AND event_time >= {from:DateTime64(6, 'UTC')}";

	private static Statement bindRange(MetricsQuery query, Instant to, Statement statement) {
		Statement bound = statement.bind("to", DATETIME64.format(to));
		if (query.from().isPresent()) {
			bound = bound.bind("from", DATETIME64.format(query.from().get()));
		}
		if (query.groupBy().filter(GroupBy::isTime).isPresent()) {
			bound = bound.bind("tz", clickHouseZone(query.zone()));
		}
		return bound;
	}

	/**
	 * Counts, users and measures of the events in range, in total and by the query's
	 * dimensions; the first event's time is {@code NULL} where there are none (an outer
	 * {@code min} skips it).
	 * @param measures the measures' columns (zeros in the exact mode's parts that count
	 * only users)
	 */
	private static Statement aggregate(MetricsQuery query, Folding folding, String total, String users,
			List<Statement> measures, Statement filters) {
		List<Statement> keys = keyColumns(query, folding);
		Statement sql = Statement.of("SELECT ");
		for (Statement key : keys) {
			sql = sql.append(key).append(", ");
		}
		sql = sql.append(total + " AS total, " + users + " AS users, minOrNull(event_time) AS first_event");
		for (Statement measure : measures) {
			sql = sql.append(", ").append(measure);
		}
		List<String> aliases = keyAliases(query, folding);
		if (!aliases.isEmpty()) {
			sql = sql.append(", grouping(group_key) AS is_total");
		}
		sql = sql.append(" FROM " + Tables.EVENTS + " WHERE " + RANGE + (query.from().isPresent() ? FROM : ""))
			.append(filters);
		if (!aliases.isEmpty()) {
			sql = sql.append(" GROUP BY GROUPING SETS ((" + String.join(", ", aliases) + "), ())");
		}
		return sql;
	}

	/**
	 * The users of each kept pair and of the whole range, exactly, from one set of users:
	 * each user's pairs as the bits of one number ({@code groupBitOr} grouped by
	 * {@code user_hash64}), then a count of users per bit. One hash table of the range's
	 * users instead of one per pair and one for the total, whose sizes sum to almost four
	 * times as many (by hand on the 10 M-event set, browser x OS: the statement 368 → 338
	 * ms, its per-user table ~208; docs/PERFORMANCE.md, run 12). Events without a user
	 * ({@code user_hash64 = 0}) are left out. Rows as {@link #aggregate}'s with zero
	 * events and measures; the total's {@code group_key} is 0, as in a
	 * {@code GROUPING SETS} total.
	 */
	private static Statement usersByMask(MetricsQuery query, Folding folding, Statement filters) {
		int seconds = folding.second().orElseThrow().size() + 1;
		long total = folding.pairs();
		Statement sql = Statement.of("SELECT toUInt32(if(place = " + total + ", 0, intDiv(place, " + seconds + ") * "
				+ Folding.PLACES + " + place % " + seconds + ")) AS group_key, toUInt64(0) AS total, "
				+ "toInt64(count()) AS users, NULL AS first_event");
		for (Statement zeros : noMeasures(query)) {
			sql = sql.append(", ").append(zeros);
		}
		return sql
			.append(", toUInt64(place = " + total + ") AS is_total FROM (SELECT groupBitOr(bitShiftLeft(to"
					+ folding.maskWidth().orElseThrow() + "(1), ")
			.append(keyColumn(query.groupBy().orElseThrow(), "kept_1", folding.first()))
			.append(" * " + seconds + " + ")
			.append(keyColumn(query.thenBy().orElseThrow(), "kept_2", folding.second()))
			.append(")) AS mask FROM " + Tables.EVENTS + " WHERE " + RANGE + (query.from().isPresent() ? FROM : ""))
			.append(filters)
			.append(" AND user_hash64 != 0 GROUP BY user_hash64) ARRAY JOIN arrayPushBack(bitPositionsToArray(mask), "
					+ total + ") AS place GROUP BY place");
	}

	/** The names of the key columns, in the order {@link #keyColumns} gives them. */
	private static List<String> keyAliases(MetricsQuery query, Folding folding) {
		List<String> aliases = new ArrayList<>();
		query.groupBy().ifPresent(dimension -> aliases.add("group_key"));
		query.thenBy().filter(dimension -> !folding.paired()).ifPresent(dimension -> aliases.add("group_key_2"));
		return aliases;
	}

	private static List<Statement> keyColumns(MetricsQuery query, Folding folding) {
		if (folding.paired()) {
			return List.of(Statement.of("toUInt32(")
				.append(keyColumn(query.groupBy().orElseThrow(), "kept_1", folding.first()))
				.append(") * " + Folding.PLACES + " + ")
				.append(keyColumn(query.thenBy().orElseThrow(), "kept_2", folding.second()))
				.append(" AS group_key"));
		}
		List<Statement> columns = new ArrayList<>();
		query.groupBy()
			.ifPresent(
					dimension -> columns.add(keyColumn(dimension, "kept_1", folding.first()).append(" AS group_key")));
		query.thenBy()
			.ifPresent(dimension -> columns
				.add(keyColumn(dimension, "kept_2", folding.second()).append(" AS group_key_2")));
		return columns;
	}

	/**
	 * A dimension's value, or, when only some values are kept, its place among them (0
	 * for the others).
	 */
	private static Statement keyColumn(GroupBy dimension, String parameter, Optional<List<String>> kept) {
		String key = keyExpression(dimension);
		if (kept.isEmpty()) {
			return Statement.of(key);
		}
		StringBuilder places = new StringBuilder();
		for (int place = 1; place <= kept.get().size(); place++) {
			places.append((place > 1) ? ", " : "").append(place);
		}
		return Statement
			.of("transform(" + key + ", {" + parameter + ":Array(String)}, CAST([" + places + "], 'Array(UInt16)'), "
					+ "toUInt16(0))")
			.bind(parameter, Literals.stringArray(kept.get()));
	}

	/**
	 * Each measure's {@code m<i>_sum} and {@code m<i>_n}: the sum of its values and their
	 * number; a parameter's number read from its parameter column when {@code events} has
	 * it.
	 */
	private static List<Statement> measureColumns(MetricsQuery query, Set<String> columns) {
		List<Statement> measures = new ArrayList<>();
		for (int i = 0; i < query.measures().size(); i++) {
			measures.add(measureColumns(query.measures().get(i), i, columns));
		}
		return measures;
	}

	/** Zeros in the place of each measure's columns. */
	private static List<Statement> noMeasures(MetricsQuery query) {
		List<Statement> measures = new ArrayList<>();
		for (int i = 0; i < query.measures().size(); i++) {
			measures.add(Statement.of("toFloat64(0) AS m" + i + "_sum, toUInt64(0) AS m" + i + "_n"));
		}
		return measures;
	}

	private static Statement measureColumns(Measure measure, int i, Set<String> columns) {
		String value;
		Statement bound = Statement.of("");
		Optional<String> column = measure.param()
			.flatMap(key -> ParameterColumns.column(columns, EventColumns.EVENT_PARAMS, "number", key));
		if (measure.kind() == Measure.Kind.REVENUE) {
			value = "arraySum(arrayMap(item -> ifNull(tupleElement(item, 'revenue_in_usd'), 0), " + EventColumns.ITEMS
					+ "))";
		}
		else if (column.isPresent()) {
			value = column.get();
		}
		else {
			value = "tupleElement(arrayFirst(p -> tupleElement(p, 'key') = {m" + i + ":String}, "
					+ EventColumns.EVENT_PARAMS + "), 'number_value')";
			bound = bound.bind("m" + i, measure.param().orElseThrow());
		}
		return Statement.of("ifNull(sum(" + value + "), 0) AS m" + i + "_sum, count(" + value + ") AS m" + i + "_n")
			.append(bound);
	}

	/**
	 * The event name, channel and property conditions, the same for every part of a
	 * statement (and, for name and channel, for the rollups).
	 * @param columns the parameter columns {@code events} has ({@link ParameterColumns})
	 */
	static Statement filters(MetricsQuery query, Set<String> columns) {
		Statement filters = Statement.of("");
		if (query.eventName().isPresent()) {
			filters = filters.append(" AND event_name = {event_name:String}")
				.bind("event_name", query.eventName().get());
		}
		if (!query.channels().isEmpty()) {
			filters = filters.append(" AND channel_type IN {channels:Array(String)}")
				.bind("channels",
						Literals.stringArray(query.channels().stream().sorted().map(ChannelType::wireName).toList()));
		}
		for (int i = 0; i < query.filters().size(); i++) {
			filters = filters.append(" AND ").append(condition(query.filters().get(i), "f" + i, columns));
		}
		return filters;
	}

	/**
	 * Whether a filter reads no parameter array: a field, or a parameter whose every
	 * comparison {@code events} has a parameter column for.
	 */
	static boolean inColumns(Filter filter, Set<String> columns) {
		if (filter.property() instanceof Filter.Property.Field) {
			return true;
		}
		return termColumns(comparison(filter, "f"), columns).stream().allMatch(Optional::isPresent);
	}

	/** The parameter column of each way a comparison can match, where events has it. */
	private static List<Optional<String>> termColumns(Comparison comparison, Set<String> columns) {
		return comparison.terms()
			.stream()
			.map(term -> ParameterColumns.column(columns, comparison.array(), term.kind(), comparison.key()))
			.toList();
	}

	/**
	 * A parameter filter's key, the array it is in, the ways its value can match and
	 * those values bound as {@code <name>...}.
	 */
	private record Comparison(String key, String array, List<ValueTerm> terms, Statement bound) {
	}

	private static Comparison comparison(Filter filter, String name) {
		String key;
		String array;
		if (filter.property() instanceof Filter.Property.EventParam param) {
			key = param.key();
			array = EventColumns.EVENT_PARAMS;
		}
		else {
			key = ((Filter.Property.UserParam) filter.property()).key();
			array = EventColumns.USER_PARAMS;
		}
		List<ValueTerm> terms = new ArrayList<>();
		Statement bound;
		if (filter.operator().numeric()) {
			terms.add(new ValueTerm("n", "number",
					"ifNull(%s " + filter.operator().symbol() + " {" + name + "n:Float64}, 0)"));
			bound = Statement.of("")
				.bind(name + "n", BigDecimal.valueOf(Filter.number(filter.value()).orElseThrow()).toPlainString());
		}
		else {
			// the parameter's string, or its number or boolean when the value can be one:
			// a term that can never match is left out, and what it would read with it
			String value = "{" + name + "v:String}";
			terms.add(new ValueTerm("s", "string", "ifNull(%s = " + value + ", 0)"));
			if (MAYBE_FLOAT.matcher(filter.value()).matches()) {
				terms.add(new ValueTerm("n", "number", "ifNull(%s = toFloat64OrNull(" + value + "), 0)"));
			}
			if (filter.value().equals("true") || filter.value().equals("false")) {
				terms.add(new ValueTerm("b", "boolean", "ifNull(toString(%s) = " + value + ", 0)"));
			}
			bound = Statement.of("").bind(name + "v", filter.value());
		}
		return new Comparison(key, array, terms, bound);
	}

	/**
	 * One filter as a condition on a row of {@code events}; its values bound as
	 * {@code <name>...}. A parameter is compared in its parameter columns when
	 * {@code events} has every one the comparison needs, else in its array.
	 */
	static Statement condition(Filter filter, String name, Set<String> columns) {
		if (filter.property() instanceof Filter.Property.Field field) {
			String column = column(field.field());
			String operator = (filter.operator() == Filter.Operator.EQ) ? " = " : " != ";
			return Statement.of(column + operator + "{" + name + ":String}").bind(name, filter.value());
		}
		Comparison comparison = comparison(filter, name);
		String key = comparison.key();
		String array = comparison.array();
		List<ValueTerm> terms = comparison.terms();
		Statement bound = comparison.bound();
		String not = (filter.operator() == Filter.Operator.NE) ? "NOT " : "";
		List<Optional<String>> termColumns = termColumns(comparison, columns);
		if (termColumns.stream().allMatch(Optional::isPresent)) {
			List<String> matches = new ArrayList<>();
			for (int i = 0; i < terms.size(); i++) {
				matches.add(terms.get(i).match().formatted(termColumns.get(i).get()));
			}
			return Statement.of(not + "(" + String.join(" OR ", matches) + ")").append(bound);
		}
		// the lambda takes only the subcolumns it compares, so only those are read
		StringBuilder variables = new StringBuilder("k");
		StringBuilder subcolumns = new StringBuilder(array + ".key");
		List<String> matches = new ArrayList<>();
		for (ValueTerm term : terms) {
			variables.append(", ").append(term.variable());
			subcolumns.append(", ").append(array).append('.').append(term.kind()).append("_value");
			matches.add(term.match().formatted(term.variable()));
		}
		return Statement
			.of(not + "arrayExists((" + variables + ") -> k = {" + name + "k:String} AND ("
					+ String.join(" OR ", matches) + "), " + subcolumns + ")")
			.append(bound)
			.bind(name + "k", key);
	}

	/** ClickHouse takes IANA names; Java names UTC "Z" when it is an offset. */
	private static String clickHouseZone(ZoneId zone) {
		return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
	}

	static String keyExpression(GroupBy groupBy) {
		return keyExpression(groupBy, EventColumns.EVENT_TIME);
	}

	/**
	 * A dimension's value as text; a time bucket's is its start in epoch seconds, of the
	 * bucket that holds {@code time} (a column or an expression) in {@code {tz}}.
	 */
	static String keyExpression(GroupBy groupBy, String time) {
		return switch (groupBy) {
			case DAILY -> "toString(toUnixTimestamp(toStartOfDay(" + time + ", {tz:String})))";
			case HOURLY -> "toString(toUnixTimestamp(toStartOfHour(" + time + ", {tz:String})))";
			case CHANNEL -> "toString(" + EventColumns.CHANNEL_TYPE + ")";
			case EVENT_NAME -> "toString(" + EventColumns.EVENT_NAME + ")";
			case DEVICE_CATEGORY -> "toString(" + EventColumns.DEVICE_CATEGORY + ")";
			case OPERATING_SYSTEM -> "toString(" + EventColumns.DEVICE_OPERATING_SYSTEM + ")";
			case BROWSER -> "toString(" + EventColumns.DEVICE_BROWSER_NAME + ")";
			case DEVICE_BRAND -> "toString(" + EventColumns.DEVICE_MOBILE_BRAND_NAME + ")";
			case LANGUAGE -> "toString(" + EventColumns.DEVICE_LANGUAGE + ")";
			case HOSTNAME -> "toString(" + EventColumns.DEVICE_HOSTNAME + ")";
			case APP_ID -> "toString(" + EventColumns.APP_ID + ")";
			case APP_VERSION -> "toString(" + EventColumns.APP_VERSION + ")";
			case CONTINENT -> "toString(" + EventColumns.GEO_CONTINENT + ")";
			case COUNTRY -> "toString(" + EventColumns.GEO_COUNTRY + ")";
			case REGION -> "toString(" + EventColumns.GEO_REGION + ")";
			case CITY -> "toString(" + EventColumns.GEO_CITY + ")";
		};
	}

	private static String column(EventField field) {
		return switch (field) {
			case DEVICE_CATEGORY -> EventColumns.DEVICE_CATEGORY;
			case DEVICE_BRAND -> EventColumns.DEVICE_MOBILE_BRAND_NAME;
			case DEVICE_MODEL -> EventColumns.DEVICE_MOBILE_MODEL_NAME;
			case OPERATING_SYSTEM -> EventColumns.DEVICE_OPERATING_SYSTEM;
			case OPERATING_SYSTEM_VERSION -> EventColumns.DEVICE_OPERATING_SYSTEM_VERSION;
			case LANGUAGE -> EventColumns.DEVICE_LANGUAGE;
			case BROWSER -> EventColumns.DEVICE_BROWSER_NAME;
			case BROWSER_VERSION -> EventColumns.DEVICE_BROWSER_VERSION;
			case HOSTNAME -> EventColumns.DEVICE_HOSTNAME;
			case APP_ID -> EventColumns.APP_ID;
			case APP_VERSION -> EventColumns.APP_VERSION;
			case GEO_CONTINENT -> EventColumns.GEO_CONTINENT;
			case GEO_COUNTRY -> EventColumns.GEO_COUNTRY;
			case GEO_REGION -> EventColumns.GEO_REGION;
			case GEO_CITY -> EventColumns.GEO_CITY;
		};
	}

}
