package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.temporal.ChronoUnit;
import java.util.List;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import org.eventstream.metrics.application.port.out.MetricsUnavailableException;

/**
 * Runs a statement with a time limit: the server stops it after
 * {@code max_execution_time}, the client gives up 2 s later (a server that stopped
 * answering altogether). Any failure is the store being unavailable.
 */
final class TimedQueries {

	private final Client client;

	private final int maxExecutionSeconds;

	TimedQueries(Client client, int maxExecutionSeconds) {
		this.client = client;
		this.maxExecutionSeconds = maxExecutionSeconds;
	}

	/**
	 * The rows of {@code statement}.
	 * @param what the query's name in the error, e.g. "the metrics query"
	 */
	List<GenericRecord> rows(Statement statement, String what) {
		QuerySettings settings = new QuerySettings().serverSetting("max_execution_time",
				Integer.toString(maxExecutionSeconds));
		settings.setNetworkTimeout(maxExecutionSeconds + 2L, ChronoUnit.SECONDS);
		try {
			return client.queryAll(statement.sql(), statement.parameters(), settings);
		}
		catch (RuntimeException ex) {
			throw new MetricsUnavailableException("ClickHouse did not answer " + what + ": " + ex.getMessage(), ex);
		}
	}

}
