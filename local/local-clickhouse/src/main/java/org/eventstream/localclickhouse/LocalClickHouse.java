package org.eventstream.localclickhouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.eventstream.localclickhouse.chdb.ChdbConnectionPool;
import org.eventstream.localclickhouse.chdb.ChdbEngine;
import org.eventstream.localclickhouse.chdb.ChdbLibraryLocator;
import org.eventstream.localclickhouse.http.ClickHouseHttpServer;
import org.eventstream.localclickhouse.http.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ClickHouse HTTP endpoint backed by chDB, <strong>for development and tests
 * only</strong>: production runs a real ClickHouse server or cluster. The services talk
 * to it with the official ClickHouse Java client and the same settings they use in
 * production.
 *
 * <p>
 * As a process:
 * {@code java -jar local-clickhouse.jar --port=8123 --data-dir=.data/clickhouse}. Inside
 * a JVM: {@link #start(Settings)}; chDB allows one data directory per process.
 */
public final class LocalClickHouse implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalClickHouse.class);

	private final ChdbEngine engine;

	private final ChdbConnectionPool pool;

	private final ClickHouseHttpServer server;

	private final Settings settings;

	private LocalClickHouse(ChdbEngine engine, ChdbConnectionPool pool, ClickHouseHttpServer server,
			Settings settings) {
		this.engine = engine;
		this.pool = pool;
		this.server = server;
		this.settings = settings;
	}

	/**
	 * @param dataDir where the tables live; kept across restarts
	 * @param host the address to listen on ({@code 127.0.0.1} keeps it off the network)
	 * @param port the port, or 0 for any free one
	 * @param threads how many requests run at once
	 */
	public record Settings(Path dataDir, String host, int port, Credentials credentials, int threads) {

		public Settings {
			Objects.requireNonNull(dataDir, "dataDir");
			Objects.requireNonNull(host, "host");
			Objects.requireNonNull(credentials, "credentials");
			if (port < 0 || port > 65535 || threads < 1) {
				throw new IllegalArgumentException("invalid port " + port + " or thread count " + threads);
			}
		}

		public static Settings of(Path dataDir) {
			return new Settings(dataDir, "127.0.0.1", 0, Credentials.defaultUser(), 8);
		}

	}

	public static LocalClickHouse start(Settings settings) {
		try {
			Files.createDirectories(settings.dataDir());
			ChdbEngine engine = ChdbEngine.start(ChdbLibraryLocator.locate(), settings.dataDir());
			ChdbConnectionPool pool = new ChdbConnectionPool(engine, settings.threads());
			String displayName = "local-clickhouse (chDB " + engine.version() + ")";
			ClickHouseHttpServer server = new ClickHouseHttpServer(pool,
					new InetSocketAddress(settings.host(), settings.port()), settings.credentials(), settings.threads(),
					displayName);
			server.start();
			LocalClickHouse running = new LocalClickHouse(engine, pool, server, settings);
			log.info("{} serving {} at {}", displayName, engine.dataDir(), running.url());
			return running;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start the local ClickHouse endpoint", ex);
		}
	}

	public int port() {
		return server.port();
	}

	/** The HTTP URL the official clients take, e.g. {@code http://127.0.0.1:8123}. */
	public String url() {
		return "http://" + settings.host() + ":" + port();
	}

	public Credentials credentials() {
		return settings.credentials();
	}

	/**
	 * Stops the HTTP server and the engine; chDB cannot be started again in this process.
	 */
	@Override
	public void close() {
		server.stop(2);
		pool.close();
		engine.close();
	}

	public static void main(String[] args) {
		Map<String, String> options = CommandLine.parse(args);
		Settings settings = new Settings(Path.of(options.getOrDefault("data-dir", ".data/clickhouse")),
				options.getOrDefault("host", "127.0.0.1"), Integer.parseInt(options.getOrDefault("port", "8123")),
				new Credentials(options.getOrDefault("user", "default"), options.getOrDefault("password", "")),
				Integer.parseInt(options.getOrDefault("threads", "16")));
		LocalClickHouse clickHouse;
		try {
			clickHouse = start(settings);
		}
		catch (RuntimeException ex) {
			System.err.println("local ClickHouse could not start: " + ex.getMessage());
			// halt, not exit: a half-started chDB must not run its native teardown, which
			// can crash the process
			Runtime.getRuntime().halt(1);
			return;
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			log.info("stopping the local ClickHouse endpoint");
			clickHouse.close();
		}, "local-clickhouse-shutdown"));
		System.out.println("local ClickHouse (dev/test only) ready at " + clickHouse.url());
	}

}
