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

	/** 1 MiB of URL, as ClickHouse allows, and 64 KiB of headers. */
	static final int MAX_REQUEST_HEADER_BYTES = (1024 + 64) * 1024;

	private static final String MAX_REQUEST_HEADER_PROPERTY = "sun.net.httpserver.maxReqHeaderSize";

	static {
		// Without it the JDK server delays small responses by ~40 ms (Nagle's algorithm
		// meets delayed ACKs).
		System.setProperty("sun.net.httpserver.nodelay", "true");
		// ClickHouse accepts a URL of up to 1 MiB (http_max_uri_size), where the clients
		// send query parameters; the JDK server's limit on the request line and headers
		// together is 384 KiB unless set
		if (System.getProperty(MAX_REQUEST_HEADER_PROPERTY) == null) {
			System.setProperty(MAX_REQUEST_HEADER_PROPERTY, Integer.toString(MAX_REQUEST_HEADER_BYTES));
		}
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
