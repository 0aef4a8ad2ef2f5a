package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import org.eventstream.metrics.application.port.out.LoadFunnelPort;
import org.eventstream.metrics.domain.FunnelQuery;

/** Runs {@link FunnelSql}'s statement with a time limit and reads users by level. */
public final class ClickHouseFunnelLoader implements LoadFunnelPort {

	private final TimedQueries queries;

	private final Clock clock;

	private final Executor executor;

	private final ParameterColumns parameterColumns;

	public ClickHouseFunnelLoader(Client client, String database, Clock clock, Executor executor,
			int maxExecutionSeconds) {
		this.queries = new TimedQueries(client, maxExecutionSeconds);
		this.clock = clock;
		this.executor = executor;
		this.parameterColumns = new ParameterColumns(client, database, clock);
	}

	@Override
	public CompletableFuture<Levels> load(FunnelQuery query) {
		Instant to = query.to().orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.MICROS));
		return CompletableFuture.supplyAsync(() -> run(query, to), executor);
	}

	private Levels run(FunnelQuery query, Instant to) {
		List<GenericRecord> rows = parameterColumns.run(!query.filters().isEmpty(),
				columns -> queries.rows(FunnelSql.statement(query, to, columns), "the funnel query"));
		Map<Integer, Long> overall = new HashMap<>();
		Map<String, Map<Integer, Long>> byChannel = new HashMap<>();
		for (GenericRecord row : rows) {
			Map<Integer, Long> levels = (row.getInteger("all_channels") == 1) ? overall
					: byChannel.computeIfAbsent(row.getString("ch"), channel -> new HashMap<>());
			levels.put(row.getInteger("level"), row.getLong("users"));
		}
		return new Levels(to, overall, byChannel);
	}

}
