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
import com.clickhouse.client.api.query.QuerySettings;
import org.eventstream.metrics.application.port.out.Aggregates;
import org.eventstream.metrics.application.port.out.LoadAggregatesPort;
import org.eventstream.metrics.application.port.out.MetricsUnavailableException;
import org.eventstream.metrics.domain.MetricsQuery;

/**
 * Answers a {@link MetricsQuery} from ClickHouse: reads what the rollups cover (when the
 * query may use them), has {@link AggregatesSql} build the one statement, runs it with a
 * time limit and reads its rows.
 */
public final class ClickHouseAggregatesLoader implements LoadAggregatesPort {

	private final Client client;

	private final Clock clock;

	private final Executor executor;

	private final int maxExecutionSeconds;

	private final RollupCoverage coverage;

	public ClickHouseAggregatesLoader(Client client, String database, Clock clock, Executor executor,
			int maxExecutionSeconds) {
		this.client = client;
		this.clock = clock;
		this.executor = executor;
		this.maxExecutionSeconds = maxExecutionSeconds;
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
		Statement statement = AggregatesSql.statement(query, to, rollup);
		// the server stops the query after max_execution_time; the network timeout (2 s
		// later) covers a server that stopped answering altogether
		QuerySettings settings = new QuerySettings().serverSetting("max_execution_time",
				Integer.toString(maxExecutionSeconds));
		settings.setNetworkTimeout(maxExecutionSeconds + 2L, ChronoUnit.SECONDS);
		List<GenericRecord> rows;
		try {
			rows = client.queryAll(statement.sql(), statement.parameters(), settings);
		}
		catch (RuntimeException ex) {
			throw new MetricsUnavailableException("ClickHouse did not answer the metrics query: " + ex.getMessage(),
					ex);
		}
		return aggregates(query, to, rows);
	}

	/** The row marked as the total (the only row without a grouping), and the groups. */
	private static Aggregates aggregates(MetricsQuery query, Instant to, List<GenericRecord> rows) {
		long total = 0;
		long users = 0;
		Optional<Instant> first = Optional.empty();
		List<Aggregates.Group> groups = new ArrayList<>();
		for (GenericRecord row : rows) {
			if (query.groupBy().isEmpty() || row.getInteger("is_total") == 1) {
				total = row.getLong("total");
				users = row.getLong("users");
				first = total == 0 ? Optional.empty() : Optional.of(row.getZonedDateTime("first_event").toInstant());
			}
			else {
				groups
					.add(new Aggregates.Group(row.getString("group_key"), row.getLong("total"), row.getLong("users")));
			}
		}
		return new Aggregates(to, first, total, users, groups);
	}

}
