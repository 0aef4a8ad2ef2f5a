package org.eventstream.localclickhouse;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import com.clickhouse.jdbc.Driver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcTest {

	private Connection connect() throws SQLException {
		LocalClickHouse clickHouse = SharedEndpoint.get();
		Properties properties = new Properties();
		properties.setProperty("user", clickHouse.credentials().user());
		properties.setProperty("password", clickHouse.credentials().password());
		return new Driver().connect("jdbc:clickhouse:" + clickHouse.url(), properties);
	}

	@Test
	void insertsABatchThroughAPreparedStatementAndReadsItBack() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE jdbc_batch_" + System.nanoTime() % 100000
					+ " (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
			String table = lastCreated(statement);
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
				for (int i = 0; i < 1000; i++) {
					insert.setInt(1, i);
					insert.setString(2, "name-" + i);
					insert.addBatch();
				}
				assertThat(insert.executeBatch()).hasSize(1000);
			}
			try (PreparedStatement select = connection
				.prepareStatement("SELECT count(), max(name) FROM " + table + " WHERE id >= ?")) {
				select.setInt(1, 500);
				try (ResultSet rows = select.executeQuery()) {
					assertThat(rows.next()).isTrue();
					assertThat(rows.getLong(1)).isEqualTo(500);
					assertThat(rows.getString(2)).isEqualTo("name-999");
				}
			}
		}
	}

	@Test
	void describesTheDatabase() throws SQLException {
		try (Connection connection = connect()) {
			DatabaseMetaData metaData = connection.getMetaData();
			assertThat(metaData.getDatabaseProductVersion()).startsWith("26.");
			try (ResultSet schemas = metaData.getSchemas()) {
				boolean sawDefault = false;
				while (schemas.next()) {
					sawDefault |= "default".equals(schemas.getString("TABLE_SCHEM"));
				}
				assertThat(sawDefault).isTrue();
			}
		}
	}

	@Test
	void surfacesServerErrorsAsSqlExceptions() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM missing_table"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("UNKNOWN_TABLE");
		}
	}

	private static String lastCreated(Statement statement) throws SQLException {
		try (ResultSet rows = statement
			.executeQuery("SELECT name FROM system.tables WHERE database = 'default' AND name LIKE 'jdbc_batch_%' "
					+ "ORDER BY metadata_modification_time DESC, name DESC LIMIT 1")) {
			rows.next();
			return rows.getString(1);
		}
	}

}
