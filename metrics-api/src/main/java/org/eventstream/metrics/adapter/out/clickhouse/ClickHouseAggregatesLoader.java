package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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

	private final TimedQueries queries;

	private final Clock clock;

	private final Executor executor;

	private final RollupCoverage coverage;

	private final ParameterColumns parameterColumns;

	public ClickHouseAggregatesLoader(Client client, String database, Clock clock, Executor executor,
			int maxExecutionSeconds) {
		this.queries = new TimedQueries(client, maxExecutionSeconds);
		this.clock = clock;
		this.executor = executor;
		this.coverage = new RollupCoverage(client, "`" + database + "`", clock);
		this.parameterColumns = new ParameterColumns(client, database, clock);
	}

	@Override
	public CompletableFuture<Aggregates> load(MetricsQuery query) {
		Instant to = query.to().orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.MICROS));
		return CompletableFuture.supplyAsync(() -> run(query, to), executor);
	}

	private Aggregates run(MetricsQuery query, Instant to) {
		return parameterColumns.run(!query.filters().isEmpty() || !query.measures().isEmpty(),
				columns -> run(query, to, columns));
	}

	private Aggregates run(MetricsQuery query, Instant to, Set<String> columns) {
		if (query.thenBy().isPresent()) {
			return pairs(query, to, columns);
		}
		Optional<RollupQuery.Plan> rollup = RollupQuery.tables(query)
			.flatMap(tables -> RollupQuery.plan(query, to, tables, coverage.of(tables)));
		return aggregates(query, to, AggregatesSql.Folding.NONE,
				rows(AggregatesSql.statement(query, to, rollup, AggregatesSql.Folding.NONE, columns)));
	}

	/**
	 * Two dimensions: first each dimension's values with the most events (a count, no
	 * users: cheap), then one statement counts the pairs of the kept values, the rest
	 * together, users exactly (for up to 256 pairs from one number per user,
	 * {@link AggregatesSql}). Time is never cut, and a dimension whose every possible
	 * value fits the limit is not counted first.
	 */
	private Aggregates pairs(MetricsQuery query, Instant to, Set<String> columns) {
		List<GroupBy> counted = new ArrayList<>();
		for (GroupBy dimension : List.of(query.groupBy().orElseThrow(), query.thenBy().orElseThrow())) {
			if (!dimension.isTime() && dimension.mostValues().orElse(Integer.MAX_VALUE) > query.limit()) {
				counted.add(dimension);
			}
		}
		Map<GroupBy, List<String>> top = counted.isEmpty() ? Map.of() : top(query, to, counted, columns);
		AggregatesSql.Folding folding = new AggregatesSql.Folding(
				Optional.ofNullable(top.get(query.groupBy().get())).filter(values -> !values.isEmpty()),
				Optional.ofNullable(top.get(query.thenBy().get())).filter(values -> !values.isEmpty()));
		return aggregates(query, to, folding,
				rows(AggregatesSql.statement(query, to, Optional.empty(), folding, columns)));
	}

	/**
	 * The values an answer keeps of each dimension: its {@code limit} values with the
	 * most events (all of them when they are fewer), most first.
	 */
	private Map<GroupBy, List<String>> top(MetricsQuery query, Instant to, List<GroupBy> dimensions,
			Set<String> columns) {
		Map<GroupBy, List<String>> top = new HashMap<>();
		dimensions.forEach(dimension -> top.put(dimension, new ArrayList<>()));
		for (GenericRecord row : rows(AggregatesSql.topValues(query, to, dimensions, columns))) {
			int dimension = row.getInteger("d");
			top.get(dimensions.get(dimension)).add(row.getString("k" + (dimension + 1)));
		}
		return top;
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
				String firstKey;
				Optional<String> secondKey;
				if (folding.paired()) {
					long places = row.getLong("group_key");
					firstKey = kept(folding.first().get(), places / AggregatesSql.Folding.PLACES);
					secondKey = Optional.of(kept(folding.second().get(), places % AggregatesSql.Folding.PLACES));
				}
				else {
					firstKey = key(row, "group_key", folding.first());
					secondKey = query.thenBy().map(dimension -> key(row, "group_key_2", folding.second()));
				}
				groups.add(new Aggregates.Group(firstKey, secondKey, row.getLong("total"), row.getLong("users"),
						measures(query, row)));
			}
		}
		return new Aggregates(to, first, total, users, measures, groups);
	}

	/** A dimension's value in a row: its text, or its place among the kept values. */
	private static String key(GenericRecord row, String column, Optional<List<String>> kept) {
		return kept.isPresent() ? kept(kept.get(), row.getLong(column)) : row.getString(column);
	}

	/**
	 * The kept value at a place (from 1), or {@link Aggregates#OTHER} for place 0: a
	 * value beyond the limit, or one first seen after the values were counted.
	 */
	private static String kept(List<String> kept, long place) {
		return (place == 0) ? Aggregates.OTHER : kept.get((int) place - 1);
	}

	private static List<MeasureValue> measures(MetricsQuery query, GenericRecord row) {
		List<MeasureValue> measures = new ArrayList<>();
		for (int i = 0; i < query.measures().size(); i++) {
			measures.add(new MeasureValue(row.getDouble("m" + i + "_sum"), row.getLong("m" + i + "_n")));
		}
		return measures;
	}

}
