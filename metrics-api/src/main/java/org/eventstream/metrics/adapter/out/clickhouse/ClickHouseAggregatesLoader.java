package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.domain.GroupBy;
import org.eventstream.metrics.domain.MeasureValue;
import org.eventstream.metrics.domain.MetricsQuery;

/**
 * Answers a {@link MetricsQuery} from ClickHouse: reads what the rollups cover (when the
 * query may use them), has {@link AggregatesSql} build the one statement, runs it with a
 * time limit and reads its rows.
 */
public final class ClickHouseAggregatesLoader implements LoadAggregatesPort {

	/** The most pairs read from a two-dimension question's first scan, by default. */
	public static final int MAX_PAIRS = 20_000;

	private final TimedQueries queries;

	private final int maxPairs;

	private final Clock clock;

	private final Executor executor;

	private final RollupCoverage coverage;

	public ClickHouseAggregatesLoader(Client client, String database, Clock clock, Executor executor,
			int maxExecutionSeconds) {
		this(client, database, clock, executor, maxExecutionSeconds, MAX_PAIRS);
	}

	/**
	 * @param maxPairs the most pairs read from a two-dimension question's first scan
	 */
	public ClickHouseAggregatesLoader(Client client, String database, Clock clock, Executor executor,
			int maxExecutionSeconds, int maxPairs) {
		this.maxPairs = maxPairs;
		this.queries = new TimedQueries(client, maxExecutionSeconds);
		this.clock = clock;
		this.executor = executor;
		this.coverage = new RollupCoverage(client, "`" + database + "`", clock);
	}

	@Override
	public CompletableFuture<Aggregates> load(MetricsQuery query) {
		Instant to = query.to().orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.MICROS));
		return CompletableFuture.supplyAsync(() -> run(query, to), executor);
	}

	private Aggregates run(MetricsQuery query, Instant to) {
		if (query.thenBy().isPresent()) {
			return pairs(query, to);
		}
		Optional<RollupQuery.Plan> rollup = RollupQuery.tables(query)
			.flatMap(tables -> RollupQuery.plan(query, to, tables, coverage.of(tables)));
		return aggregates(query, to, AggregatesSql.Folding.NONE,
				rows(AggregatesSql.statement(query, to, rollup, AggregatesSql.Folding.NONE)));
	}

	/**
	 * Two dimensions: first how many events each pair has (a count, no users: cheap),
	 * which says which values of each dimension to keep; then one scan counts the pairs,
	 * the values beyond the limit together, users exactly. When the pairs are more than
	 * {@code maxPairs} (default {@value #MAX_PAIRS}), each dimension's top values are
	 * asked for separately instead.
	 */
	private Aggregates pairs(MetricsQuery query, Instant to) {
		GroupBy first = query.groupBy().orElseThrow();
		if (first.isTime()) {
			// time is never cut: only the other dimension's values are counted first
			AggregatesSql.Folding folding = new AggregatesSql.Folding(Optional.empty(),
					kept(query, to, query.thenBy().get()));
			return aggregates(query, to, folding, rows(AggregatesSql.statement(query, to, Optional.empty(), folding)));
		}
		List<GenericRecord> counts = rows(AggregatesSql.pairCounts(query, to, maxPairs + 1));
		Optional<List<String>> keepFirst;
		Optional<List<String>> keepSecond;
		if (counts.size() <= maxPairs) {
			List<Aggregates.Group> pairs = counts.stream()
				.map(row -> new Aggregates.Group(row.getString("k1"), Optional.of(row.getString("k2")),
						row.getLong("c"), 0, List.of()))
				.toList();
			keepFirst = top(pairs, Aggregates.Group::key, query.limit());
			keepSecond = top(pairs, group -> group.secondKey().orElseThrow(), query.limit());
		}
		else {
			keepFirst = kept(query, to, first);
			keepSecond = kept(query, to, query.thenBy().get());
		}
		AggregatesSql.Folding folding = new AggregatesSql.Folding(keepFirst, keepSecond);
		return aggregates(query, to, folding, rows(AggregatesSql.statement(query, to, Optional.empty(), folding)));
	}

	/**
	 * A dimension's {@code limit} values with the most events (then by value, as the
	 * store orders them), when it has more.
	 */
	static Optional<List<String>> top(List<Aggregates.Group> groups, Function<Aggregates.Group, String> value,
			int limit) {
		Map<String, Long> counts = new HashMap<>();
		groups.forEach(group -> counts.merge(value.apply(group), group.totalCount(), Long::sum));
		if (counts.size() <= limit) {
			return Optional.empty();
		}
		return Optional.of(counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
			.limit(limit)
			.map(Map.Entry::getKey)
			.toList());
	}

	/**
	 * The values of a dimension a two-dimension answer keeps: its {@code limit} values
	 * with the most events, when it has more.
	 */
	private Optional<List<String>> kept(MetricsQuery query, Instant to, GroupBy dimension) {
		if (dimension.mostValues().orElse(Integer.MAX_VALUE) <= query.limit()) {
			// every value it can have fits: nothing to count first
			return Optional.empty();
		}
		List<String> top = rows(AggregatesSql.topValues(query, to, dimension)).stream()
			.map(row -> row.getString("k"))
			.toList();
		return (top.size() > query.limit()) ? Optional.of(top.subList(0, query.limit())) : Optional.empty();
	}

	private List<GenericRecord> rows(Statement statement) {
		return queries.rows(statement, "the metrics query");
	}

	/** The row marked as the total (the only row without a grouping), and the groups. */
	private static Aggregates aggregates(MetricsQuery query, Instant to, AggregatesSql.Folding folding,
			List<GenericRecord> rows) {
		long total = 0;
		long users = 0;
		Optional<Instant> first = Optional.empty();
		List<MeasureValue> measures = List.of();
		List<Aggregates.Group> groups = new ArrayList<>();
		for (GenericRecord row : rows) {
			if (query.groupBy().isEmpty() || row.getInteger("is_total") == 1) {
				total = row.getLong("total");
				users = row.getLong("users");
				first = total == 0 ? Optional.empty() : Optional.of(row.getZonedDateTime("first_event").toInstant());
				measures = measures(query, row);
			}
			else {
				Optional<String> second = query.thenBy()
					.map(dimension -> key(row, "group_key_2", folding.second().isPresent() ? "other_2" : null));
				groups.add(new Aggregates.Group(key(row, "group_key", folding.first().isPresent() ? "other_1" : null),
						second, row.getLong("total"), row.getLong("users"), measures(query, row)));
			}
		}
		return new Aggregates(to, first, total, users, measures, groups);
	}

	/**
	 * A dimension's value in a row, or {@link Aggregates#OTHER}.
	 * @param other the column that flags the values beyond the limit, if any
	 */
	private static String key(GenericRecord row, String column, String other) {
		return (other != null && row.getInteger(other) == 1) ? Aggregates.OTHER : row.getString(column);
	}

	private static List<MeasureValue> measures(MetricsQuery query, GenericRecord row) {
		List<MeasureValue> measures = new ArrayList<>();
		for (int i = 0; i < query.measures().size(); i++) {
			measures.add(new MeasureValue(row.getDouble("m" + i + "_sum"), row.getLong("m" + i + "_n")));
		}
		return measures;
	}

}
