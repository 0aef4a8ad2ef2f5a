package org.eventstream.store;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.clickhouse.client.api.Client;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The names other modules write into SQL are the names the migrations create. */
class StoreNamesTest {

	private static ClickHouseConnection connection;

	@BeforeAll
	static void migrate() {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		connection = ClickHouseConnection.of(endpoint.url(), endpoint.user(), endpoint.password(),
				"names_" + Long.toHexString(System.nanoTime()));
		try (Client client = connection.newClient()) {
			new SchemaMigrations(client, connection).apply();
		}
	}

	@Test
	void everyTableIsNamedAndEveryNameIsATable() {
		List<String> migrated = strings("SELECT name FROM system.tables WHERE database = {db:String} "
				+ "AND engine NOT IN ('MaterializedView') AND NOT startsWith(name, '.inner')");

		assertThat(constants(Tables.class)).containsExactlyInAnyOrderElementsOf(migrated);
	}

	@Test
	void everyNamedEventColumnExists() {
		List<String> columns = strings(
				"SELECT name FROM system.columns WHERE database = {db:String} AND table = '" + Tables.EVENTS + "'");

		assertThat(columns).containsAll(constants(EventColumns.class));
	}

	@Test
	void theUserHashIsTheColumnDefaultOfEventsAndUsers() {
		List<String> defaults = strings("SELECT replaceAll(default_expression, ' ', '') FROM system.columns "
				+ "WHERE database = {db:String} AND name = '" + EventColumns.USER_HASH64 + "' AND table IN ('"
				+ Tables.EVENTS + "', '" + Tables.USERS + "')");

		assertThat(defaults).hasSize(2).containsOnly(UserHash.of(EventColumns.USER_KEY).replace(" ", ""));
	}

	@Test
	void theUserHashIsZeroForNoUserAndNeverZeroForOne() {
		try (Client client = connection.newClient()) {
			var row = client
				.queryAll("SELECT " + UserHash.of("''") + " AS none, " + UserHash.of("'alice'") + " AS alice, "
						+ "sipHash64('alice') AS sip")
				.get(0);
			assertThat(row.getLong("none")).isZero();
			assertThat(row.getBigInteger("alice")).isEqualTo(row.getBigInteger("sip")).isNotEqualTo(0);
		}
	}

	private static List<String> strings(String sql) {
		try (Client client = connection.newClient()) {
			return client.queryAll(sql, Map.of("db", connection.database()))
				.stream()
				.map(row -> row.getString(1))
				.toList();
		}
	}

	private static List<String> constants(Class<?> names) {
		return Arrays.stream(names.getFields())
			.filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
			.map(StoreNamesTest::value)
			.toList();
	}

	private static String value(Field field) {
		try {
			return (String) field.get(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
