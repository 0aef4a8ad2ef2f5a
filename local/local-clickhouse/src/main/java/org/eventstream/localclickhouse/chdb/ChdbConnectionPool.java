package org.eventstream.localclickhouse.chdb;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Lends each request a chDB connection of its own, with the request's database and
 * settings applied, and takes it back reset to defaults.
 *
 * <p>
 * A connection whose statement failed is closed and replaced rather than reused: chDB may
 * prepend output that a failed statement had already produced to the next result on the
 * same connection.
 */
public final class ChdbConnectionPool implements AutoCloseable {

	private final ChdbEngine engine;

	private final BlockingQueue<ChdbConnection> idle;

	public ChdbConnectionPool(ChdbEngine engine, int maxIdle) {
		this.engine = engine;
		this.idle = new ArrayBlockingQueue<>(maxIdle);
	}

	/** Work to do on a connection prepared for one request. */
	@FunctionalInterface
	public interface Work<T> {

		T run(ChdbConnection connection) throws Exception;

	}

	/**
	 * @param database the request's database, applied with {@code USE}
	 * @param settings the request's settings, applied with {@code SET} and reset
	 * afterwards
	 */
	public <T> T withSession(String database, Map<String, String> settings, Work<T> work) throws Exception {
		ChdbConnection connection = idle.poll();
		if (connection == null) {
			connection = engine.connect();
		}
		boolean reusable = false;
		try {
			if (!"default".equals(database)) {
				connection.execute("USE " + quoteIdentifier(database));
			}
			for (Map.Entry<String, String> setting : settings.entrySet()) {
				connection
					.execute("SET " + quoteIdentifier(setting.getKey()) + " = " + quoteString(setting.getValue()));
			}
			T result = work.run(connection);
			reset(connection, database, List.copyOf(settings.keySet()));
			reusable = true;
			return result;
		}
		finally {
			if (!reusable || !idle.offer(connection)) {
				connection.close();
			}
		}
	}

	private static void reset(ChdbConnection connection, String database, List<String> settings) {
		for (String setting : settings) {
			connection.execute("SET " + quoteIdentifier(setting) + " = DEFAULT");
		}
		if (!"default".equals(database)) {
			connection.execute("USE default");
		}
	}

	static String quoteIdentifier(String name) {
		return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
	}

	static String quoteString(String value) {
		return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

	@Override
	public void close() {
		ChdbConnection connection;
		while ((connection = idle.poll()) != null) {
			connection.close();
		}
	}

}
