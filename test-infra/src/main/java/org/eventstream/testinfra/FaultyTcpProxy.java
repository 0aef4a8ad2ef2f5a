package org.eventstream.testinfra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that injects faults between a service and a server:
 * {@link Mode#FORWARD} passes traffic, {@link Mode#REFUSE} drops every connection (the
 * server looks down), and {@link Mode#LOSE_RESPONSES} passes requests to the server but
 * resets the connection instead of returning its answer (the server did the work, the
 * client never hears of it).
 */
public final class FaultyTcpProxy implements AutoCloseable {

	public enum Mode {

		FORWARD, REFUSE, LOSE_RESPONSES, LOSE_INSERT_RESPONSES

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

	private volatile Mode mode = Mode.FORWARD;

	public FaultyTcpProxy(String targetHost, int targetPort) throws IOException {
		this.target = new InetSocketAddress(targetHost, targetPort);
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		threads.execute(this::acceptLoop);
	}

	/** Proxies the host and port of an {@code http://host:port} URL. */
	public static FaultyTcpProxy forUrl(String url) throws IOException {
		java.net.URI uri = java.net.URI.create(url);
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

	/** How many server answers were thrown away in {@link Mode#LOSE_RESPONSES}. */
	public int lostResponses() {
		return lostResponses.get();
	}

	private void acceptLoop() {
		while (!listener.isClosed()) {
			try {
				Socket client = listener.accept();
				if (mode == Mode.REFUSE) {
					closeQuietly(client);
					continue;
				}
				Socket server = new Socket();
				server.connect(target, 5000);
				open.add(client);
				open.add(server);
				Exchange exchange = new Exchange();
				threads.execute(() -> pump(client, server, false, exchange));
				threads.execute(() -> pump(server, client, true, exchange));
			}
			catch (IOException ex) {
				// listener closed, or the target refused: the client sees a closed
				// connection
			}
		}
	}

	/** What the proxy saw of the last request on one connection. */
	private static final class Exchange {

		volatile boolean lastRequestWasInsert;

	}

	private void pump(Socket from, Socket to, boolean response, Exchange exchange) {
		byte[] buffer = new byte[65536];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				if (!response) {
					noteRequest(buffer, read, exchange);
				}
				if (response && (mode == Mode.LOSE_RESPONSES
						|| (mode == Mode.LOSE_INSERT_RESPONSES && exchange.lastRequestWasInsert))) {
					lostResponses.incrementAndGet();
					to.setSoLinger(true, 0);
					break;
				}
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away: close both
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			open.remove(from);
			open.remove(to);
		}
	}

	private static void noteRequest(byte[] buffer, int length, Exchange exchange) {
		String start = new String(buffer, 0, Math.min(length, 8), java.nio.charset.StandardCharsets.ISO_8859_1);
		if (start.startsWith("POST ") || start.startsWith("GET ")) {
			int lineEnd = 0;
			while (lineEnd < length && buffer[lineEnd] != '\n') {
				lineEnd++;
			}
			String requestLine = new String(buffer, 0, lineEnd, java.nio.charset.StandardCharsets.ISO_8859_1);
			exchange.lastRequestWasInsert = requestLine.toUpperCase(java.util.Locale.ROOT).contains("INSERT");
		}
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
		open.forEach(FaultyTcpProxy::closeQuietly);
		threads.shutdownNow();
	}

}
