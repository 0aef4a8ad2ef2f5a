package org.eventstream.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QuerySettings;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned migrations in {@code db/clickhouse/} (listed in order in
 * {@code migrations.txt}) and records them in {@code schema_migrations}.
 *
 * <p>
 * Safe when several writers start at once: ClickHouse has no DDL locks, so every
 * migration is written to be idempotent ({@code IF NOT EXISTS}), and two instances
 * applying the same one leave the same schema; their two records of it collapse in the
 * {@code ReplacingMergeTree}. A migration already applied with a different checksum stops
 * the start-up: an applied migration must never be edited, only followed by a new one.
 */
public final class SchemaMigrations {

	private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

	private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

	private final Client client;

	private final ClickHouseConnection connection;

	private final Optional<ClusterDdl> cluster;

	public SchemaMigrations(Client client, ClickHouseConnection connection) {
		this(client, connection, Optional.empty());
	}

	/**
	 * @param cluster on a ClickHouse cluster: every statement in its cluster form
	 */
	public SchemaMigrations(Client client, ClickHouseConnection connection, Optional<ClusterDdl> cluster) {
		this.client = client;
		this.connection = connection;
		this.cluster = cluster;
	}

	/** One migration file. */
	public record Migration(int version, String description, String sql, String checksum) {
	}

	/**
	 * @return the versions applied by this call
	 */
	public List<Integer> apply() {
		String db = connection.quotedDatabase();
		// The client's default database may not exist yet: create it from "default".
		client.queryAll(
				"CREATE DATABASE IF NOT EXISTS " + db
						+ cluster.map(c -> " ON CLUSTER `" + c.cluster() + "`").orElse(""),
				new QuerySettings().setDatabase("default"));
		for (String statement : forThisServer(List.of("CREATE TABLE IF NOT EXISTS " + db + "."
				+ Tables.SCHEMA_MIGRATIONS + " (version UInt32, description String, "
				+ "checksum String, applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) "
				+ "ENGINE = ReplacingMergeTree(applied_at) ORDER BY version"))) {
			execute(statement);
		}
		Map<Integer, String> applied = client
			.queryAll("SELECT version, argMin(checksum, applied_at) AS checksum FROM " + db + "."
					+ Tables.SCHEMA_MIGRATIONS + " GROUP BY version")
			.stream()
			.collect(Collectors.toMap(row -> (int) row.getLong("version"), row -> row.getString("checksum")));
		List<Integer> appliedNow = new ArrayList<>();
		for (Migration migration : migrations()) {
			String known = applied.get(migration.version());
			if (known != null) {
				if (!known.equals(migration.checksum())) {
					throw new SchemaChecksumMismatchException(migration, known);
				}
				continue;
			}
			log.info("applying ClickHouse migration V{} {} to {}", migration.version(), migration.description(),
					connection.database());
			for (String statement : ddl(migration)) {
				execute(statement);
			}
			client.queryAll(
					// INSERT ... SELECT, not VALUES: the local chDB endpoint once refused
					// inline VALUES here
					// ("async inserts with both inlined and external data"), and a SELECT
					// has no inline data
					"INSERT INTO " + db + "." + Tables.SCHEMA_MIGRATIONS + " (version, description, checksum) SELECT "
							+ "{v:UInt32}, {d:String}, {c:String}",
					Map.of("v", migration.version(), "d", migration.description(), "c", migration.checksum()));
			appliedNow.add(migration.version());
		}
		return appliedNow;
	}

	/**
	 * The migrations on the classpath, in version order, with {@code ${database}}
	 * resolved.
	 */
	public List<Migration> migrations() {
		List<Migration> migrations = new ArrayList<>();
		for (String file : resource("migrations.txt").lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
			Matcher name = FILE_NAME.matcher(file);
			if (!name.matches()) {
				throw new IllegalStateException("migration file " + file + " is not named V<n>__<description>.sql");
			}
			String text = resource(file);
			migrations.add(new Migration(Integer.parseInt(name.group(1)), name.group(2),
					text.replace("${database}", connection.quotedDatabase()), DigestUtils.sha256Hex(text)));
		}
		return migrations;
	}

	/**
	 * The statements that apply {@code migration} here: as written on a single server, in
	 * their {@link ClusterDdl cluster form} on a cluster.
	 */
	public List<String> ddl(Migration migration) {
		return forThisServer(statements(migration.sql()));
	}

	private List<String> forThisServer(List<String> statements) {
		return cluster.map(c -> c.rewriteAll(statements)).orElse(statements);
	}

	/**
	 * On a cluster, inserts through a {@code Distributed} table reach their shards before
	 * the statement returns: a migration's next statement may read what it wrote.
	 */
	private void execute(String sql) {
		QuerySettings settings = new QuerySettings();
		cluster.ifPresent(c -> settings.serverSetting("distributed_foreground_insert", "1"));
		client.queryAll(sql, settings);
	}

	static List<String> statements(String sql) {
		String withoutComments = sql.lines()
			.filter(line -> !line.strip().startsWith("--"))
			.collect(Collectors.joining("\n"));
		List<String> statements = new ArrayList<>();
		for (String statement : withoutComments.split(";\\s*(\\n|$)")) {
			if (!statement.isBlank()) {
				statements.add(statement.strip());
			}
		}
		return statements;
	}

	private static String resource(String name) {
		try (InputStream in = SchemaMigrations.class.getResourceAsStream("/db/clickhouse/" + name)) {
			if (in == null) {
				throw new IllegalStateException("missing migration resource db/clickhouse/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An applied migration's file was changed afterwards. */
	public static final class SchemaChecksumMismatchException extends RuntimeException {

		SchemaChecksumMismatchException(Migration migration, String appliedChecksum) {
			super("ClickHouse migration V" + migration.version() + " (" + migration.description()
					+ ") was applied with checksum " + appliedChecksum + " but the file now has " + migration.checksum()
					+ ". Applied migrations must not change; add a new migration instead.");
		}

	}

}
