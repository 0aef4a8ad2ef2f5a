package org.eventstream.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the single-node migrations into their cluster form, statement by statement, so
 * that one set of migration files (and checksums) serves both:
 *
 * <ul>
 * <li>a table {@code X} becomes {@code X_local} with the {@code Replicated} variant of
 * its engine (replica path {@code /clickhouse/tables/{shard}/{database}/X_local}) on
 * every node, and {@code X} a {@code Distributed} table over it, so every reader and
 * writer keeps using {@code X}. {@code events} is sharded by
 * {@code cityHash64(event_id)}: all copies of one id land on one shard, where the
 * writer's lookup and the {@code ReplacingMergeTree} safety net see them together;</li>
 * <li>{@code users} is sharded by {@code user_hash64}: every key of one hash on one
 * shard, where the writer's read-back finds them together;</li>
 * <li>small bookkeeping tables ({@code rollup_coverage}, {@code schema_migrations},
 * {@code user_hash64_collisions}, {@code user_deletions}) are replicated to every node of
 * every shard (one replica path without {@code {shard}});</li>
 * <li>materialized views run on each node, from its {@code events_local} into the
 * rollups' local tables; sketches from several shards merge at query time;</li>
 * <li>every DDL statement runs {@code ON CLUSTER}.</li>
 * </ul>
 *
 * The writer inserts through the {@code Distributed} table synchronously
 * ({@code distributed_foreground_insert=1}), so an acknowledged insert is on its shard
 * before the offsets are committed and before the next lookup.
 */
public final class ClusterDdl {

	/** Tables every node holds whole. */
	static final Set<String> EVERYWHERE = Set.of(Tables.ROLLUP_COVERAGE, Tables.SCHEMA_MIGRATIONS,
			Tables.USER_HASH64_COLLISIONS, Tables.USER_DELETIONS);

	private static final Pattern CREATE_TABLE = Pattern
		.compile("(?s)^CREATE TABLE IF NOT EXISTS (\\S+)\\.(\\w+)\\s*(\\(.*\\))\\s*ENGINE = (\\w+)(\\([^)]*\\))?(.*)$");

	private static final Pattern ALTER_TABLE = Pattern.compile("(?s)^ALTER TABLE (\\S+)\\.(\\w+)\\s+(.*)$");

	private static final Pattern CREATE_VIEW = Pattern
		.compile("(?s)^CREATE MATERIALIZED VIEW IF NOT EXISTS (\\S+)\\.(\\w+) TO (\\S+)\\.(\\w+) AS\\s+(.*)$");

	private final String cluster;

	/**
	 * @param cluster the cluster's name as ClickHouse's {@code remote_servers} know it
	 */
	public ClusterDdl(String cluster) {
		if (!cluster.matches("[A-Za-z_][A-Za-z0-9_]*")) {
			throw new IllegalArgumentException("ClickHouse cluster name \"" + cluster
					+ "\" must be letters, digits and underscores, starting with a letter or underscore");
		}
		this.cluster = cluster;
	}

	public String cluster() {
		return cluster;
	}

	/** The statements that do on the cluster what {@code statement} does on one node. */
	public List<String> rewrite(String statement) {
		String onCluster = " ON CLUSTER `" + cluster + "`";
		Matcher create = CREATE_TABLE.matcher(statement);
		if (create.matches()) {
			String db = create.group(1);
			String table = create.group(2);
			String columns = create.group(3);
			String engine = create.group(4);
			String arguments = (create.group(5) == null) ? ""
					: create.group(5).substring(1, create.group(5).length() - 1);
			String rest = create.group(6);
			if (EVERYWHERE.contains(table)) {
				return List.of(
						"CREATE TABLE IF NOT EXISTS "
								+ db + "." + table + onCluster + "\n" + columns + "\nENGINE = " + replicated(engine,
										"/clickhouse/tables/{database}/" + table, "{shard}-{replica}", arguments)
								+ rest);
			}
			String local = table + "_local";
			return List.of(
					"CREATE TABLE IF NOT EXISTS " + db + "." + local + onCluster + "\n" + columns + "\nENGINE = "
							+ replicated(engine, "/clickhouse/tables/{shard}/{database}/" + local, "{replica}",
									arguments)
							+ rest,
					"CREATE TABLE IF NOT EXISTS " + db + "." + table + onCluster + "\n" + withoutProjections(columns)
							+ "\nENGINE = Distributed('" + cluster + "', '" + unquoted(db) + "', '" + local + "', "
							+ shardingKey(table) + ")");
		}
		Matcher alter = ALTER_TABLE.matcher(statement);
		if (alter.matches()) {
			String db = alter.group(1);
			String table = alter.group(2);
			if (EVERYWHERE.contains(table)) {
				return List.of("ALTER TABLE " + db + "." + table + onCluster + " " + alter.group(3));
			}
			if (alter.group(3).startsWith("MATERIALIZE ") || alter.group(3).startsWith("ADD INDEX ")) {
				// stored parts and their indices: only the local tables have any
				return List.of("ALTER TABLE " + db + "." + table + "_local" + onCluster + " " + alter.group(3));
			}
			return List.of("ALTER TABLE " + db + "." + table + "_local" + onCluster + " " + alter.group(3),
					"ALTER TABLE " + db + "." + table + onCluster + " " + alter.group(3));
		}
		Matcher view = CREATE_VIEW.matcher(statement);
		if (view.matches()) {
			String db = view.group(1);
			String select = view.group(5)
				.replace(db + ".events\n", db + ".events_local\n")
				.replaceAll(Pattern.quote(db + ".events") + "(\\s|$)", db + ".events_local$1");
			return List.of("CREATE MATERIALIZED VIEW IF NOT EXISTS " + db + "." + view.group(2) + onCluster + " TO "
					+ view.group(3) + "." + view.group(4) + "_local AS " + select);
		}
		if (statement.startsWith("INSERT INTO ")) {
			return List.of(statement);
		}
		throw new IllegalStateException("no cluster form known for this migration statement; teach ClusterDdl: "
				+ statement.lines().findFirst().orElse(""));
	}

	/** Every statement of a migration, rewritten. */
	public List<String> rewriteAll(List<String> statements) {
		List<String> all = new ArrayList<>();
		statements.forEach(statement -> all.addAll(rewrite(statement)));
		return all;
	}

	private static String replicated(String engine, String path, String replica, String arguments) {
		if (!engine.endsWith("MergeTree") || engine.startsWith("Replicated")) {
			throw new IllegalStateException("cannot replicate engine " + engine);
		}
		return "Replicated" + engine + "('" + path + "', '" + replica + "'"
				+ (arguments.isBlank() ? "" : ", " + arguments) + ")";
	}

	/**
	 * One event id, one shard; one user hash, one shard; rollups are only ever written by
	 * their views, locally.
	 */
	private static String shardingKey(String table) {
		return switch (table) {
			case Tables.EVENTS -> "cityHash64(" + EventColumns.EVENT_ID + ")";
			case Tables.USERS -> EventColumns.USER_HASH64;
			default -> "rand()";
		};
	}

	/**
	 * The columns for a {@code Distributed} table: without projections and indices, which
	 * belong to the local table ({@code CREATE ... AS local} would copy them, and a
	 * {@code Distributed} table refuses them).
	 */
	static String withoutProjections(String columns) {
		String kept = columns.lines()
			.filter(line -> !line.strip().startsWith("PROJECTION ") && !line.strip().startsWith("INDEX "))
			.collect(java.util.stream.Collectors.joining("\n"));
		return kept.replaceAll(",(\\s*\\))$", "$1");
	}

	private static String unquoted(String database) {
		return database.replace("`", "");
	}

}
