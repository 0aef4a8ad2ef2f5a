package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import org.eventstream.metrics.application.port.out.MetricsUnavailableException;
import org.eventstream.store.EventColumns;
import org.eventstream.store.Tables;

/**
 * The parameter columns an operator added to {@code events}: one value of one parameter
 * key, materialized from the array so that a filter on it reads a column instead of every
 * event's {@code event_params} or {@code user_params} (docs/OPERATIONS.md, "Parameter
 * columns"). Such a column is named {@code <array>_<kind>_<key>} and must be exactly
 * {@code Nullable(<type>) MATERIALIZED <array>.<kind>_value[indexOf(<array>.key, '<key>')]}:
 * a column of that name that says anything else is not used. A key appears at most once
 * in an event (ingest-api refuses duplicates), so the value at its index is the one
 * {@code arrayExists} would find.
 *
 * <p>
 * Read from {@code system.columns} at most once a minute; a failed read finds none, and a
 * query that failed reads them again ({@link #run}). Without columns a filter reads the
 * arrays, which is always right.
 */
public final class ParameterColumns {

	static final Duration REREAD_AFTER = Duration.ofMinutes(1);

	private static final int RETRY_SECONDS = 5;

	private static final Duration RETRY_READ_AFTER = Duration.ofSeconds(RETRY_SECONDS);

	private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

	private static final Map<String, String> TYPES = Map.of("string", "Nullable(String)", "number", "Nullable(Float64)",
			"boolean", "Nullable(Bool)");

	private final Client client;

	private final String database;

	private final Clock clock;

	private final AtomicReference<Read> read = new AtomicReference<>();

	/**
	 * @param database the database's name, unquoted
	 */
	public ParameterColumns(Client client, String database, Clock clock) {
		this.client = client;
		this.database = database;
		this.clock = clock;
	}

	/**
	 * A parameter column's name.
	 * @param array {@code event_params} or {@code user_params}
	 * @param kind {@code string}, {@code number} or {@code boolean}
	 * @param key the parameter's key (letters, digits and underscores, as ingest-api
	 * accepts them)
	 */
	static String name(String array, String kind, String key) {
		return array + "_" + kind + "_" + key;
	}

	/**
	 * The column of a parameter's value of one kind, when {@code events} has it (and the
	 * key is a name, so that the column's name is one too).
	 * @param present the columns {@link #present()} found
	 */
	static Optional<String> column(Set<String> present, String array, String kind, String key) {
		String name = name(array, kind, key);
		return (NAME.matcher(key).matches() && present.contains(name)) ? Optional.of(name) : Optional.empty();
	}

	private static String expression(String array, String kind, String key) {
		return array + "." + kind + "_value[indexOf(" + array + ".key, '" + key + "')]";
	}

	/** The parameter columns {@code events} has now, as far as the last read knows. */
	public Set<String> present() {
		Read last = read.get();
		if (last != null && last.at().isAfter(clock.instant().minus(last.read() ? REREAD_AFTER : RETRY_READ_AFTER))) {
			return last.columns();
		}
		return reread().columns();
	}

	/**
	 * Reads the columns from {@code system.columns}, with a time limit; a failed read
	 * finds none and is tried again after {@value #RETRY_SECONDS} s rather than a minute.
	 */
	private Read reread() {
		Set<String> columns = new HashSet<>();
		boolean ok;
		QuerySettings settings = new QuerySettings().serverSetting("max_execution_time",
				Integer.toString(RETRY_SECONDS));
		settings.setNetworkTimeout(RETRY_SECONDS + 1L, ChronoUnit.SECONDS);
		try {
			for (GenericRecord row : client.queryAll(
					"SELECT name, type, default_kind, default_expression "
							+ "FROM system.columns WHERE database = {database:String} AND table = {table:String} "
							+ "AND (startsWith(name, 'event_params_') OR startsWith(name, 'user_params_'))",
					Map.of("database", database, "table", Tables.EVENTS), settings)) {
				if (isParameterColumn(row.getString("name"), row.getString("type"), row.getString("default_kind"),
						row.getString("default_expression"))) {
					columns.add(row.getString("name"));
				}
			}
			ok = true;
		}
		catch (RuntimeException ex) {
			columns.clear();
			ok = false;
		}
		Read now = new Read(Set.copyOf(columns), ok, clock.instant());
		read.set(now);
		return now;
	}

	/**
	 * Runs a query with the parameter columns {@code events} has, as far as the last look
	 * knows. When it fails, the columns are read again; if one it had is gone (dropped
	 * since), it runs once more with the columns there are now. Any other failure (the
	 * store down or slow) is the query's.
	 * @param needed whether the query has filters or measures that may read them
	 */
	<T> T run(boolean needed, Function<Set<String>, T> query) {
		Set<String> columns = needed ? present() : Set.of();
		try {
			return query.apply(columns);
		}
		catch (MetricsUnavailableException ex) {
			if (columns.isEmpty()) {
				throw ex;
			}
			Read now = reread();
			if (!now.read() || now.columns().containsAll(columns)) {
				throw ex;
			}
			return query.apply(now.columns());
		}
	}

	/** Whether a column is exactly a parameter column of the name it has. */
	static boolean isParameterColumn(String name, String type, String defaultKind, String defaultExpression) {
		for (String array : List.of(EventColumns.EVENT_PARAMS, EventColumns.USER_PARAMS)) {
			for (Map.Entry<String, String> kind : TYPES.entrySet()) {
				String prefix = array + "_" + kind.getKey() + "_";
				if (name.startsWith(prefix)) {
					String key = name.substring(prefix.length());
					return type.equals(kind.getValue()) && defaultKind.equals("MATERIALIZED")
							&& defaultExpression.replace(" ", "")
								.equals(expression(array, kind.getKey(), key).replace(" ", ""));
				}
			}
		}
		return false;
	}

	/**
	 * @param read false when the read failed (and found none)
	 */
	private record Read(Set<String> columns, boolean read, Instant at) {
	}

}
