package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import org.eventstream.metrics.application.port.out.MetricsUnavailableException;
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

	/** The statement that adds a parameter column, as docs/OPERATIONS.md gives it. */
	static String addColumn(String table, String array, String kind, String key) {
		return "ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + name(array, kind, key) + " " + TYPES.get(kind)
				+ " MATERIALIZED " + expression(array, kind, key);
	}

	private static String expression(String array, String kind, String key) {
		return array + "." + kind + "_value[indexOf(" + array + ".key, '" + key + "')]";
	}

	/** The parameter columns {@code events} has now, as far as the last read knows. */
	public Set<String> present() {
		Read last = read.get();
		if (last != null && last.at().isAfter(clock.instant().minus(REREAD_AFTER))) {
			return last.columns();
		}
		Set<String> columns = new HashSet<>();
		try {
			for (GenericRecord row : client.queryAll(
					"SELECT name, type, default_kind, default_expression "
							+ "FROM system.columns WHERE database = {database:String} AND table = {table:String} "
							+ "AND (startsWith(name, 'event_params_') OR startsWith(name, 'user_params_'))",
					Map.of("database", database, "table", Tables.EVENTS))) {
				if (isParameterColumn(row.getString("name"), row.getString("type"), row.getString("default_kind"),
						row.getString("default_expression"))) {
					columns.add(row.getString("name"));
				}
			}
		}
		catch (RuntimeException ex) {
			columns.clear();
		}
		read.set(new Read(Set.copyOf(columns), clock.instant()));
		return Set.copyOf(columns);
	}

	/**
	 * Runs a query with the parameter columns {@code events} has, as far as the last look
	 * knows; when it fails and the columns have changed since (one was dropped), once
	 * more with the columns there are now.
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
			read.set(null);
			Set<String> now = present();
			if (now.equals(columns)) {
				throw ex;
			}
			return query.apply(now);
		}
	}

	/** Whether a column is exactly a parameter column of the name it has. */
	static boolean isParameterColumn(String name, String type, String defaultKind, String defaultExpression) {
		for (String array : new String[] { "event_params", "user_params" }) {
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

	private record Read(Set<String> columns, Instant at) {
	}

}
