package org.eventstream.testinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * A TCP proxy on loopback that injects faults between an HTTP client and its server.
 * Modes: {@link Mode#FORWARD} passes traffic; {@link Mode#REFUSE} drops every new
 * connection (the server looks down); {@link Mode#SILENT} accepts and passes requests but
 * never answers nor closes (a hung server or a black-holed network, which only the
 * client's own timeouts end); {@link Mode#LOSE_RESPONSES} and
 * {@link Mode#LOSE_INSERT_RESPONSES} pass requests to the server but reset the connection
 * instead of returning its answer (the server did the work, the client never hears of
 * it).
 *
 * <p>
 * An {@linkplain #trapNextInsert insert trap} stops the next ClickHouse insert into one
 * table at a chosen point and holds its connection there until {@link #releaseTrapped()},
 * so that a test can kill the client at exactly that point.
 */
public final class FaultyTcpProxy implements AutoCloseable {

	public enum Mode {

		FORWARD, REFUSE, SILENT, LOSE_RESPONSES, LOSE_INSERT_RESPONSES

	}

	/** Where an insert trap stops the insert. */
	public enum InsertStage {

		/** the request is held before any byte of it reaches the server */
		BEFORE_SENT,
		/** the headers and part of the body reached the server, the rest is held */
		HALF_SENT,
		/** the whole request reached the server; its answer is held */
		ANSWERED

	}

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "faulty-proxy");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger lostResponses = new AtomicInteger();

	private final AtomicReference<Trap> armed = new AtomicReference<>();

	private final Set<Trap> sprung = ConcurrentHashMap.newKeySet();

	private volatile Mode mode = Mode.FORWARD;

	public FaultyTcpProxy(String targetHost, int targetPort) throws IOException {
		this.target = new InetSocketAddress(targetHost, targetPort);
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		threads.execute(this::acceptLoop);
	}

	/** Proxies the host and port of an {@code http://host:port} URL. */
	public static FaultyTcpProxy forUrl(String url) throws IOException {
		URI uri = URI.create(url);
		return new FaultyTcpProxy(uri.getHost(), uri.getPort());
	}

	public int port() {
		return listener.getLocalPort();
	}

	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Switches the fault; connections open at the time are cut, so that pooled clients
	 * feel it at once.
	 */
	public void mode(Mode newMode) {
		this.mode = newMode;
		for (Socket socket : open) {
			closeQuietly(socket);
		}
	}

	/** How many server answers were thrown away in the {@code LOSE_*} modes. */
	public int lostResponses() {
		return lostResponses.get();
	}

	/**
	 * Arms a one-shot trap for the next request whose request line inserts into
	 * {@code table} (as ClickHouse clients send an insert: {@code ?query=INSERT INTO
	 * db.table ...}); inserts into other tables pass. The future completes once that
	 * insert is held at {@code stage}; its connection stays held until
	 * {@link #releaseTrapped()}.
	 */
	public CompletableFuture<Void> trapNextInsert(InsertStage stage, String table) {
		Trap trap = new Trap(stage, table);
		Trap previous = armed.getAndSet(trap);
		if (previous != null) {
			previous.reached.cancel(false);
		}
		return trap.reached;
	}

	/**
	 * Cuts the connections held by sprung traps (their client is usually dead by now).
	 */
	public void releaseTrapped() {
		for (Trap trap : sprung) {
			trap.release.countDown();
			sprung.remove(trap);
		}
	}

	private void acceptLoop() {
		while (!listener.isClosed()) {
			Socket client;
			try {
				client = listener.accept();
			}
			catch (IOException ex) {
				continue; // the listener was closed
			}
			if (mode == Mode.REFUSE) {
				closeQuietly(client);
				continue;
			}
			Socket server = new Socket();
			try {
				server.connect(target, 5000);
			}
			catch (IOException ex) {
				// the server is down: so is this connection, as if the client had dialled
				// it
				closeQuietly(client);
				closeQuietly(server);
				continue;
			}
			open.add(client);
			open.add(server);
			Exchange exchange = new Exchange();
			threads.execute(() -> pump(client, server, false, exchange));
			threads.execute(() -> pump(server, client, true, exchange));
		}
	}

	/** A one-shot stop of an insert at one stage. */
	private static final class Trap {

		final InsertStage stage;

		final Pattern insert;

		final CompletableFuture<Void> reached = new CompletableFuture<>();

		final CountDownLatch release = new CountDownLatch(1);

		Trap(InsertStage stage, String table) {
			this.stage = stage;
			this.insert = Pattern.compile("INSERT\\s+INTO\\s+(\\S*\\.)?`?" + Pattern.quote(table) + "`?(\\s|\\(|$)",
					Pattern.CASE_INSENSITIVE);
		}

		boolean catches(String requestLine) {
			return insert.matcher(requestLine).find();
		}

	}

	/** What the proxy saw of the last request on one connection. */
	private static final class Exchange {

		volatile boolean lastRequestWasInsert;

		/** the last request line, its query decoded */
		volatile String lastRequestLine = "";

		/** a {@link InsertStage#HALF_SENT} trap waiting for the first body bytes */
		volatile Trap pendingHalf;

	}

	private void pump(Socket from, Socket to, boolean response, Exchange exchange) {
		byte[] buffer = new byte[65536];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (response) {
					if (!forwardResponse(buffer, read, to, out, exchange)) {
						break;
					}
				}
				else {
					forwardRequest(buffer, read, out, exchange);
				}
			}
		}
		catch (IOException ex) {
			// one side went away: close both
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			open.remove(from);
			open.remove(to);
		}
	}

	private void forwardRequest(byte[] buffer, int read, OutputStream out, Exchange exchange)
			throws IOException, InterruptedException {
		int length = read;
		Trap half = exchange.pendingHalf;
		if (half == null && startsRequest(buffer, read)) {
			exchange.lastRequestLine = requestLine(buffer, read);
			exchange.lastRequestWasInsert = exchange.lastRequestLine.toUpperCase(Locale.ROOT).contains("INSERT");
			if (exchange.lastRequestWasInsert) {
				Trap before = spring(InsertStage.BEFORE_SENT, exchange.lastRequestLine);
				if (before != null) {
					hold(before);
				}
				half = spring(InsertStage.HALF_SENT, exchange.lastRequestLine);
				if (half != null) {
					int bodyStart = bodyStart(buffer, read);
					if (bodyStart < 0 || bodyStart == read) {
						// the body comes in a later read
						out.write(buffer, 0, read);
						out.flush();
						exchange.pendingHalf = half;
						return;
					}
					length = bodyStart + (read - bodyStart) / 2;
				}
			}
		}
		else if (half != null) {
			length = Math.max(1, read / 2);
		}
		out.write(buffer, 0, length);
		out.flush();
		if (half != null) {
			exchange.pendingHalf = null;
			hold(half);
		}
	}

	/**
	 * @return whether to go on reading the server
	 */
	private boolean forwardResponse(byte[] buffer, int read, Socket to, OutputStream out, Exchange exchange)
			throws IOException, InterruptedException {
		if (mode == Mode.SILENT) {
			return true; // swallowed: the client waits
		}
		if (mode == Mode.LOSE_RESPONSES || (mode == Mode.LOSE_INSERT_RESPONSES && exchange.lastRequestWasInsert)) {
			lostResponses.incrementAndGet();
			to.setSoLinger(true, 0);
			return false;
		}
		Trap answered = exchange.lastRequestWasInsert ? spring(InsertStage.ANSWERED, exchange.lastRequestLine) : null;
		if (answered != null) {
			hold(answered);
		}
		out.write(buffer, 0, read);
		out.flush();
		return true;
	}

	/** Claims the armed trap if it is for this stage and this request's insert. */
	private Trap spring(InsertStage stage, String requestLine) {
		Trap trap = armed.get();
		if (trap != null && trap.stage == stage && trap.catches(requestLine) && armed.compareAndSet(trap, null)) {
			return trap;
		}
		return null;
	}

	/** Holds this connection until released, then cuts it. */
	private void hold(Trap trap) throws InterruptedException, IOException {
		sprung.add(trap);
		trap.reached.complete(null);
		trap.release.await();
		throw new IOException("released after the insert trap at " + trap.stage);
	}

	private static boolean startsRequest(byte[] buffer, int length) {
		String start = new String(buffer, 0, Math.min(length, 8), StandardCharsets.ISO_8859_1);
		return start.startsWith("POST ") || start.startsWith("GET ");
	}

	/** The request line, decoded like a query string where it can be. */
	private static String requestLine(byte[] buffer, int length) {
		int lineEnd = 0;
		while (lineEnd < length && buffer[lineEnd] != '\n') {
			lineEnd++;
		}
		String line = new String(buffer, 0, lineEnd, StandardCharsets.ISO_8859_1);
		try {
			return URLDecoder.decode(line, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return line;
		}
	}

	/** Index just past the blank line ending the headers, or -1 if not in this read. */
	private static int bodyStart(byte[] buffer, int length) {
		for (int i = 3; i < length; i++) {
			if (buffer[i - 3] == '\r' && buffer[i - 2] == '\n' && buffer[i - 1] == '\r' && buffer[i] == '\n') {
				return i + 1;
			}
		}
		return -1;
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		try {
			listener.close();
		}
		catch (IOException ex) {
			// already closed
		}
		releaseTrapped();
		open.forEach(FaultyTcpProxy::closeQuietly);
		threads.shutdownNow();
	}

}
