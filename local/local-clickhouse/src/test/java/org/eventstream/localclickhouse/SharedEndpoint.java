package org.eventstream.localclickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.clickhouse.client.api.Client;

/**
 * One in-process endpoint for this module's tests (chDB allows one data directory per
 * process).
 */
final class SharedEndpoint {

	private static LocalClickHouse endpoint;

	private SharedEndpoint() {
	}

	static synchronized LocalClickHouse get() {
		if (endpoint == null) {
			try {
				Path dataDir = Files.createTempDirectory("local-clickhouse-test");
				endpoint = LocalClickHouse.start(LocalClickHouse.Settings.of(dataDir));
				// stop chDB's threads before the JVM's native teardown, which they would
				// otherwise race
				Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "local-clickhouse-shutdown"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return endpoint;
	}

	/**
	 * The official client, with the same settings the services use against a production
	 * server.
	 */
	static Client client() {
		LocalClickHouse clickHouse = get();
		return new Client.Builder().addEndpoint(clickHouse.url())
			.setUsername(clickHouse.credentials().user())
			.setPassword(clickHouse.credentials().password())
			.build();
	}

	/** A fresh database for one test class, so tests do not see each other's tables. */
	static String freshDatabase(Client client, String prefix) {
		String name = prefix + "_" + Long.toHexString(System.nanoTime());
		client.execute("CREATE DATABASE " + name).join();
		return name;
	}

}
