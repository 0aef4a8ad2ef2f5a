package org.eventstream.writer.adapter.out.clickhouse;

import java.util.Map;
import java.util.function.Consumer;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.data_formats.ClickHouseBinaryFormatReader;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import org.eventstream.writer.application.port.out.StoreUnavailableException;

/**
 * One statement to ClickHouse and what it answered, a failure to answer within the
 * timeout being the writer's {@link StoreUnavailableException}: the lookup and the user
 * registry's read-back ask this way.
 */
final class Statements {

	private Statements() {
	}

	/**
	 * @param what what the statement does, for the failure's message ("look up stored
	 * event ids")
	 * @return what {@code answer} read
	 */
	static long run(Client client, String sql, Map<String, Object> parameters, QuerySettings settings,
			long timeoutSeconds, String what, Answer answer) {
		try (QueryResponse response = client.query(sql, parameters, settings).get()) {
			return answer.read(response);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while trying to " + what, ex);
		}
		catch (Exception ex) {
			throw new StoreUnavailableException(
					"could not " + what + " within " + timeoutSeconds + " s: " + ex.getMessage(), ex);
		}
	}

	/**
	 * An answer that is one string per row, each handed to {@code each}; how many rows.
	 */
	static Answer strings(Client client, Consumer<String> each) {
		return response -> {
			ClickHouseBinaryFormatReader reader = client.newBinaryFormatReader(response);
			long rows = 0;
			while (reader.hasNext()) {
				reader.next();
				each.accept(reader.getString(1));
				rows++;
			}
			return rows;
		};
	}

	/** Reads what a statement answered; may throw what the client's readers throw. */
	@FunctionalInterface
	interface Answer {

		long read(QueryResponse response) throws Exception;

	}

}
