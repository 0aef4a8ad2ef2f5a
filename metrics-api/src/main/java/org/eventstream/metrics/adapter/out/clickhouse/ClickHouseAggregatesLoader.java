package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

	public ClickHouseAggregatesLoader(Client client, String database, Clock clock, Executor executor,
			int maxExecutionSeconds) {
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
		Optional<RollupQuery.Plan> rollup = RollupQuery.tables(query)
			.flatMap(tables -> RollupQuery.plan(query, to, tables, coverage.of(tables)));
		AggregatesSql.Folding folding = AggregatesSql.Folding.NONE;
		if (query.thenBy().isPresent()) {
			GroupBy first = query.groupBy().orElseThrow();
			folding = new AggregatesSql.Folding(first.isTime() ? Optional.empty() : kept(query, to, first),
					kept(query, to, query.thenBy().get()));
		}
		Statement statement = AggregatesSql.statement(query, to, rollup, folding);
		return aggregates(query, to, folding, rows(statement));
	}

	/**
	 * The values of a dimension a two-dimension answer keeps: its {@code limit} values
	 * with the most events, when it has more.
	 */
	private Optional<List<String>> kept(MetricsQuery query, Instant to, GroupBy dimension) {
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
