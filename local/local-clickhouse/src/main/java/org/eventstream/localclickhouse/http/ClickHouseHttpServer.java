package org.eventstream.localclickhouse.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.eventstream.localclickhouse.chdb.ChdbConnectionPool;

/**
 * ClickHouse's HTTP interface on a JDK {@link HttpServer}, one worker thread per
 * concurrent request.
 */
public final class ClickHouseHttpServer implements AutoCloseable {

	static {
		// Without it the JDK server delays small responses by ~40 ms (Nagle's algorithm
		// meets delayed ACKs).
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpServer server;

	private final ExecutorService workers;

	public ClickHouseHttpServer(ChdbConnectionPool pool, InetSocketAddress address, Credentials credentials,
			int threads, String displayName) throws IOException {
		this.server = HttpServer.create(address, 128);
		AtomicInteger counter = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(threads, runnable -> {
			Thread thread = new Thread(runnable, "clickhouse-http-" + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		server.setExecutor(workers);
		server.createContext("/", new QueryHandler(pool, credentials, displayName));
	}

	public void start() {
		server.start();
	}

	public int port() {
		return server.getAddress().getPort();
	}

	/**
	 * Stops accepting requests, lets running ones finish for up to {@code graceSeconds},
	 * then stops.
	 */
	public void stop(int graceSeconds) {
		server.stop(graceSeconds);
		workers.shutdown();
		try {
			workers.awaitTermination(graceSeconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop(0);
	}

}
