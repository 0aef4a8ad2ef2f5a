package org.eventstream.metrics.adapter.out.clickhouse;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import org.eventstream.metrics.application.port.out.MetricsUnavailableException;
import org.eventstream.metrics.application.port.out.UserDeletionsPort.Traces;
import org.eventstream.metrics.application.port.out.UserDeletionsPort;
import org.eventstream.metrics.domain.UserDeletion.HourKey;
import org.eventstream.metrics.domain.UserDeletion.Status;
import org.eventstream.metrics.domain.UserDeletion;
import org.eventstream.store.Literals;
import org.eventstream.store.Tables;

/**
 * Deletions in ClickHouse: the {@code user_deletions} table (migration V7), and the
 * deletion itself as mutations that wait until they are done ({@code mutations_sync=2}:
 * on every replica). A mutation rewrites the parts holding the user's rows, and with them
 * the {@code by_event_id} projection and the indices. (A lightweight {@code DELETE} would
 * leave the deleted ids in the projection, where the writer's lookup would still find
 * them.)
 *
 * <p>
 * The rollups are rebuilt by running each materialized view's own query (read from
 * {@code system.tables}, so the definition lives only in the migrations) over the
 * affected keys: their rows are deleted, then the view's query restricted to those keys
 * inserts them again from the remaining events. On a cluster the mutations run on every
 * node's local tables and the view's query reads the whole {@code events} table.
 */
public final class ClickHouseUserDeletions implements UserDeletionsPort {

	/**
	 * User keys or rollup keys per statement (each list travels as one parameter, in the
	 * URL: 500 keys of 256 characters stay within what servers accept).
	 */
	static final int KEYS_PER_STATEMENT = 500;

	private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	/**
	 * Each rollup, its view, its key columns and how an affected hour maps to its key (a
	 * SQL expression over the parameter's tuple fields {@code n}, {@code c} and
	 * {@code h}).
	 */
	enum Rollup {

		HOURLY(Tables.EVENTS_HOURLY, "(event_name, channel_type, hour)", true, false),
		HOURLY_BY_NAME(Tables.EVENTS_HOURLY_BY_NAME, "(event_name, hour)", false, false),
		DAILY(Tables.EVENTS_DAILY, "(event_name, channel_type, day)", true, true),
		DAILY_BY_NAME(Tables.EVENTS_DAILY_BY_NAME, "(event_name, day)", false, true);

		final String table;

		final String key;

		final boolean byChannel;

		final boolean daily;

		Rollup(String table, String key, boolean byChannel, boolean daily) {
			this.table = table;
			this.key = key;
			this.byChannel = byChannel;
			this.daily = daily;
		}

		String keyType() {
			return byChannel ? "Array(Tuple(String, String, DateTime('UTC')))"
					: "Array(Tuple(String, DateTime('UTC')))";
		}

		String literal(HourKey hour) {
			Instant bucket = daily ? hour.hour().truncatedTo(java.time.temporal.ChronoUnit.DAYS) : hour.hour();
			return "(" + Literals.string(hour.eventName()) + ","
					+ (byChannel ? Literals.string(hour.channelType()) + "," : "") + "'" + HOUR.format(bucket) + "')";
		}

	}

	private final Client client;

	private final String database;

	private final Optional<String> cluster;

	private final long timeoutSeconds;

	/**
	 * @param cluster the ClickHouse cluster's name, empty for one server
	 */
	public ClickHouseUserDeletions(Client client, String database, Optional<String> cluster, long timeoutSeconds) {
		this.client = client;
		this.database = "`" + database + "`";
		this.cluster = cluster;
		this.timeoutSeconds = timeoutSeconds;
	}

	@Override
	public void save(UserDeletion d) {
		String hours = d.affectedHours()
			.stream()
			.map(h -> "(" + Literals.string(h.eventName()) + "," + Literals.string(h.channelType()) + ",'"
					+ HOUR.format(h.hour()) + "')")
			.collect(Collectors.joining(",", "[", "]"));
		run("INSERT INTO " + database + "." + Tables.USER_DELETIONS
				+ " (deletion_id, user_key, requested_by, requested_at, status, "
				+ "updated_at, executor, affected_hours, affected_user_keys, events_deleted, users_deleted, "
				+ "collisions_deleted, rollup_rows_rebuilt, finished_at, detail) SELECT {id:String}, {key:String}, "
				+ "{by:String}, {requested:DateTime64(6, 'UTC')}, {status:String}, {updated:DateTime64(6, 'UTC')}, "
				+ "{executor:String}, {hours:Array(Tuple(String, String, DateTime('UTC')))}, {keys:Array(String)}, "
				+ "{events:UInt64}, {users:UInt64}, {collisions:UInt64}, {rollups:UInt64}, "
				+ "{finished:Nullable(DateTime64(6, 'UTC'))}, {detail:String}",
				Map.ofEntries(Map.entry("id", d.id()), Map.entry("key", d.userKey()), Map.entry("by", d.requestedBy()),
						Map.entry("requested", DATETIME.format(d.requestedAt())),
						Map.entry("status", d.status().label()), Map.entry("updated", DATETIME.format(d.updatedAt())),
						Map.entry("executor", d.executor()), Map.entry("hours", hours),
						Map.entry("keys", Literals.stringArray(d.affectedUserKeys())),
						Map.entry("events", d.eventsDeleted()), Map.entry("users", d.usersDeleted()),
						Map.entry("collisions", d.collisionsDeleted()), Map.entry("rollups", d.rollupRowsRebuilt()),
						Map.entry("finished", d.finishedAt().map(DATETIME::format).orElse("\\N")),
						Map.entry("detail", d.detail())));
	}

	@Override
	public Optional<UserDeletion> find(String deletionId) {
		return select("WHERE deletion_id = {id:String}", Map.of("id", deletionId)).stream().findFirst();
	}

	@Override
	public List<UserDeletion> recent(int limit) {
		return select("ORDER BY requested_at DESC, deletion_id DESC LIMIT {limit:UInt32}", Map.of("limit", limit));
	}

	@Override
	public List<UserDeletion> unfinished(String executor, Duration abandonedAfter) {
		return select(
				"WHERE status != 'done' AND (status = 'queued' AND executor = {me:String} "
						+ "OR updated_at < now64(6) - toIntervalMillisecond({abandoned:UInt64})) ORDER BY requested_at",
				Map.of("me", executor, "abandoned", abandonedAfter.toMillis()));
	}

	@Override
	public Map<String, Traces> tracesOf(Collection<String> userKeys) {
		Map<String, Traces> traces = new HashMap<>();
		for (List<String> chunk : chunks(userKeys)) {
			List<GenericRecord> found = rows("SELECT key, groupUniqArray((event_name, channel_type, hour)) AS hours, "
					+ "groupUniqArrayIf(user_key, user_key != '') AS counted, count() AS events FROM (SELECT "
					+ "arrayJoin(arrayDistinct(arrayFilter(k -> has({keys:Array(String)}, k), [user_id, user_pseudo_id]))) "
					+ "AS key, event_name, channel_type, toDateTime(toStartOfHour(event_time), 'UTC') AS hour, user_key "
					+ "FROM " + database + "." + Tables.EVENTS + " WHERE user_id IN {keys:Array(String)} "
					+ "OR user_pseudo_id IN {keys:Array(String)}) GROUP BY key",
					Map.of("keys", Literals.stringArray(chunk)));
			for (GenericRecord row : found) {
				traces.put(row.getString("key"),
						new Traces(hourKeys(row, "hours"), strings(row, "counted"), row.getLong("events")));
			}
		}
		return traces;
	}

	@Override
	public void deleteEvents(Collection<String> userKeys) {
		for (List<String> chunk : chunks(userKeys)) {
			Map<String, Object> keys = Map.of("keys", Literals.stringArray(chunk));
			String where = "WHERE user_id IN {keys:Array(String)} OR user_pseudo_id IN {keys:Array(String)}";
			if (rows("SELECT count() AS n FROM " + database + "." + Tables.EVENTS + " " + where, keys).get(0)
				.getLong("n") > 0) {
				run("ALTER TABLE " + local(Tables.EVENTS) + " DELETE " + where, keys);
			}
		}
	}

	@Override
	public long[] countUnusedKeys(Collection<String> userKeys) {
		long[] counts = { 0, 0 };
		for (List<String> unused : unused(userKeys)) {
			Map<String, Object> keys = Map.of("keys", Literals.stringArray(unused));
			counts[0] += count(Tables.USERS, keys);
			counts[1] += count(Tables.USER_HASH64_COLLISIONS, keys);
		}
		return counts;
	}

	@Override
	public void deleteUnusedKeys(Collection<String> userKeys) {
		for (List<String> unused : unused(userKeys)) {
			Map<String, Object> keys = Map.of("keys", Literals.stringArray(unused));
			if (count(Tables.USERS, keys) > 0) {
				run("ALTER TABLE " + local(Tables.USERS) + " DELETE WHERE user_key IN {keys:Array(String)}", keys);
			}
			if (count(Tables.USER_HASH64_COLLISIONS, keys) > 0) {
				run("ALTER TABLE " + database + "." + Tables.USER_HASH64_COLLISIONS + onCluster()
						+ " DELETE WHERE user_key IN {keys:Array(String)}", keys);
			}
		}
	}

	/** The keys no stored event is counted by, in chunks. */
	private List<List<String>> unused(Collection<String> userKeys) {
		List<List<String>> unused = new ArrayList<>();
		for (List<String> chunk : chunks(userKeys)) {
			List<String> stillCounted = rows("SELECT DISTINCT user_key FROM " + database + "." + Tables.EVENTS
					+ " WHERE user_key IN {keys:Array(String)}", Map.of("keys", Literals.stringArray(chunk)))
				.stream()
				.map(row -> row.getString("user_key"))
				.toList();
			List<String> left = new ArrayList<>(chunk);
			left.removeAll(stillCounted);
			if (!left.isEmpty()) {
				unused.add(left);
			}
		}
		return unused;
	}

	private long count(String table, Map<String, Object> keys) {
		return rows("SELECT count() AS n FROM " + database + "." + table + " FINAL WHERE user_key IN "
				+ "{keys:Array(String)}", keys)
			.get(0)
			.getLong("n");
	}

	private static List<List<String>> chunks(Collection<String> keys) {
		List<String> all = new ArrayList<>(keys);
		List<List<String>> chunks = new ArrayList<>();
		for (int from = 0; from < all.size(); from += KEYS_PER_STATEMENT) {
			chunks.add(all.subList(from, Math.min(all.size(), from + KEYS_PER_STATEMENT)));
		}
		return chunks;
	}

	@Override
	public long rebuildRollups(Collection<HourKey> hours) {
		long written = 0;
		for (Rollup rollup : Rollup.values()) {
			String view = viewQuery(rollup.table + "_mv");
			List<String> keys = hours.stream().map(rollup::literal).distinct().toList();
			for (int from = 0; from < keys.size(); from += KEYS_PER_STATEMENT) {
				String chunk = "["
						+ String.join(",", keys.subList(from, Math.min(keys.size(), from + KEYS_PER_STATEMENT))) + "]";
				Map<String, Object> parameters = Map.of("keys", chunk);
				String where = "WHERE " + rollup.key + " IN {keys:" + rollup.keyType() + "}";
				run("ALTER TABLE " + local(rollup.table) + " DELETE " + where, parameters);
				run("INSERT INTO " + database + "." + rollup.table + " SELECT * FROM (" + view + ") " + where,
						parameters);
				written += rows("SELECT count() AS n FROM " + database + "." + rollup.table + " " + where, parameters)
					.get(0)
					.getLong("n");
			}
		}
		return written;
	}

	/** The materialized view's query, reading the whole events table on a cluster. */
	private String viewQuery(String view) {
		List<GenericRecord> found = rows(
				"SELECT as_select FROM system.tables WHERE database = {db:String} AND name = {view:String}",
				Map.of("db", database.replace("`", ""), "view", view));
		if (found.isEmpty()) {
			throw new MetricsUnavailableException("the materialized view " + view + " does not exist", null);
		}
		String query = found.get(0).getString("as_select");
		return cluster.isPresent() ? query.replace(".events_local", ".events") : query;
	}

	private List<UserDeletion> select(String rest, Map<String, Object> parameters) {
		return rows("SELECT deletion_id, user_key, requested_by, requested_at, status, updated_at, executor, "
				+ "affected_hours, affected_user_keys, events_deleted, users_deleted, collisions_deleted, "
				+ "rollup_rows_rebuilt, finished_at, detail FROM " + database + "." + Tables.USER_DELETIONS + " FINAL "
				+ rest, parameters)
			.stream()
			.map(ClickHouseUserDeletions::deletion)
			.toList();
	}

	private static UserDeletion deletion(GenericRecord row) {
		List<HourKey> hours = hourKeys(row, "affected_hours");
		List<String> keys = strings(row, "affected_user_keys");
		return new UserDeletion(row.getString("deletion_id"), row.getString("user_key"), row.getString("requested_by"),
				row.getZonedDateTime("requested_at").toInstant(),
				Status.valueOf(row.getString("status").toUpperCase(java.util.Locale.ROOT)),
				row.getZonedDateTime("updated_at").toInstant(), row.getString("executor"), hours, keys,
				row.getLong("events_deleted"), row.getLong("users_deleted"), row.getLong("collisions_deleted"),
				row.getLong("rollup_rows_rebuilt"), row.hasValue("finished_at")
						? Optional.of(row.getZonedDateTime("finished_at").toInstant()) : Optional.empty(),
				row.getString("detail"));
	}

	/** A column of (name, channel, hour) tuples. */
	private static List<HourKey> hourKeys(GenericRecord row, String column) {
		List<HourKey> hours = new ArrayList<>();
		for (Object tuple : row.getList(column)) {
			Object[] fields = (tuple instanceof List<?> list) ? list.toArray() : (Object[]) tuple;
			hours.add(new HourKey(String.valueOf(fields[0]), String.valueOf(fields[1]), instant(fields[2])));
		}
		return hours;
	}

	private static List<String> strings(GenericRecord row, String column) {
		return row.getList(column).stream().map(String::valueOf).toList();
	}

	private static Instant instant(Object value) {
		if (value instanceof java.time.ZonedDateTime zoned) {
			return zoned.toInstant();
		}
		if (value instanceof java.time.LocalDateTime local) {
			return local.toInstant(ZoneOffset.UTC);
		}
		return (value instanceof Instant i) ? i : Instant.parse(value.toString());
	}

	private String local(String table) {
		return database + "." + (cluster.isPresent() ? table + "_local" : table) + onCluster();
	}

	private String onCluster() {
		return cluster.map(c -> " ON CLUSTER `" + c + "`").orElse("");
	}

	private List<GenericRecord> rows(String sql, Map<String, Object> parameters) {
		try {
			return client.queryAll(sql, parameters, settings());
		}
		catch (RuntimeException ex) {
			throw new MetricsUnavailableException("ClickHouse did not answer: " + ex.getMessage(), ex);
		}
	}

	private void run(String sql, Map<String, Object> parameters) {
		rows(sql, parameters);
	}

	private QuerySettings settings() {
		QuerySettings settings = new QuerySettings();
		settings.setNetworkTimeout(timeoutSeconds, java.time.temporal.ChronoUnit.SECONDS);
		settings.serverSetting("mutations_sync", "2");
		cluster.ifPresent(c -> settings.serverSetting("distributed_foreground_insert", "1"));
		return settings;
	}

}
