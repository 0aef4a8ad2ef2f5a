package org.eventstream.benchmarks;

import java.nio.file.Path;
import java.util.Map;

import org.eventstream.localclickhouse.LocalClickHouse;
import org.eventstream.store.ClickHouseConnection;

/**
 * Where a ClickHouse benchmark runs: {@code --clickhouse-url} (with {@code --user} and
 * {@code --password}) names a server; without it the local chDB endpoint is started in
 * this JVM on {@code --data-dir} (default {@code ~/.cache/event-stream/bench-clickhouse},
 * kept between runs, so a dataset is generated once).
 */
final class BenchmarkClickHouse implements AutoCloseable {

	private final LocalClickHouse local;

	private final ClickHouseConnection connection;

	private BenchmarkClickHouse(LocalClickHouse local, ClickHouseConnection connection) {
		this.local = local;
		this.connection = connection;
	}

	static BenchmarkClickHouse open(Map<String, String> options, String database) throws Exception {
		LocalClickHouse local = null;
		String url = options.get("clickhouse-url");
		if (url == null) {
			Path dataDir = Path.of(options.getOrDefault("data-dir",
					System.getProperty("user.home") + "/.cache/event-stream/bench-clickhouse"));
			local = LocalClickHouse.start(LocalClickHouse.Settings.of(dataDir));
			url = local.url();
		}
		return new BenchmarkClickHouse(local, ClickHouseConnection.of(url, options.getOrDefault("user", "default"),
				options.getOrDefault("password", ""), database));
	}

	ClickHouseConnection connection() {
		return connection;
	}

	@Override
	public void close() throws Exception {
		if (local != null) {
			local.close();
		}
	}

}
