package org.eventstream.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;

import com.clickhouse.client.api.Client;
import org.eventstream.localclickhouse.LocalClickHouse;
import org.eventstream.store.ClickHouseConnection;

/**
 * Times ad-hoc SQL over the benchmark dataset, for trying query variants before changing
 * the metrics API:
 * {@code ./mvnw -q -pl verification/benchmarks exec:java -Dbenchmark.main=org.eventstream.benchmarks.SqlTimer
 * -Dexec.args="bench_10000000 15 'SELECT ...' 'SELECT ...'"}.
 */
public final class SqlTimer {

	private SqlTimer() {
	}

	public static void main(String[] args) {
		String database = args[0];
		int runs = Integer.parseInt(args[1]);
		LocalClickHouse local = LocalClickHouse.start(LocalClickHouse.Settings
			.of(Path.of(System.getProperty("user.home") + "/.cache/event-stream/bench-clickhouse")));
		ClickHouseConnection connection = ClickHouseConnection.of(local.url(), "default", "", database);
		try (Client client = connection.newClient()) {
			for (String sql : Arrays.copyOfRange(args, 2, args.length)) {
				var first = client.queryAll(sql);
				if (!first.isEmpty()) {
					System.out.println("first row: " + first.get(0).getValues());
				}
				for (int i = 0; i < 2; i++) {
					client.queryAll(sql);
				}
				double[] millis = new double[runs];
				for (int i = 0; i < runs; i++) {
					long started = System.nanoTime();
					client.queryAll(sql);
					millis[i] = (System.nanoTime() - started) / 1e6;
				}
				Arrays.sort(millis);
				System.out.printf("p50 %7.1f ms  p99 %7.1f ms  %s%n", MetricsQueryBenchmark.percentile(millis, 50),
						MetricsQueryBenchmark.percentile(millis, 99), sql);
			}
		}
		finally {
			local.close();
		}
	}

}
