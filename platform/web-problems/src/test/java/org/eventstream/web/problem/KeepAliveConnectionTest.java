package org.eventstream.web.problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A proxy in front of a service (the front door's nginx, a cloud load balancer) keeps its
 * connections open and sends the next request as soon as it has read an answer. The
 * server may still be finishing the previous exchange then: its answer is on the wire,
 * but the server has not yet learnt that the write completed. These tests send requests
 * in that window ({@link FinishLate} widens it), over one connection, as such a proxy
 * does, against a real Reactor Netty server; a request the server never reads or never
 * answers shows as a read timeout here and as a 504 after 30 s at the front door (seen in
 * CI four times, in FrontDoorFidelityIT and UserDeletionIT).
 */
class KeepAliveConnectionTest {

	private static final int READ_TIMEOUT_MILLIS = 5_000;

	private DisposableServer server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.disposeNow();
		}
	}

	/**
	 * Reactor Netty (1.3.6, still 1.3.8) hands a request it could not decode to the
	 * previous exchange when that has not yet finished, which has already answered: the
	 * 414 was never written and the connection never closed.
	 */
	@Test
	void aRequestNettyCannotReadIsAnsweredWhileThePreviousExchangeIsStillFinishing() throws IOException {
		start();
		try (Socket socket = connect()) {
			Answer first = exchange(socket, get("/slow-to-finish"));
			assertThat(first.status()).isEqualTo(200);

			Answer tooLong = exchange(socket, get("/anything?q=" + "a".repeat(5_000)));

			assertThat(tooLong.status()).isEqualTo(414);
			assertThat(tooLong.header("content-type")).isEqualTo("application/problem+json");
			assertThat(tooLong.body()).contains("\"type\":\"/problems/uri-too-long\"");
			assertThat(tooLong.header("connection")).isEqualTo("close");
			assertThat(socket.getInputStream().read()).as("the connection is closed after it").isEqualTo(-1);
		}
	}

	/**
	 * A request buffered while the previous exchange finished, then answered at once when
	 * dispatched, left Reactor Netty 1.3.6 reading nothing more from the connection
	 * (reactor-netty issue 4361, fixed in 1.3.8): the third request was never read.
	 */
	@Test
	void theConnectionKeepsReadingAfterABufferedRequestIsAnsweredAtOnce() throws IOException {
		start();
		try (Socket socket = connect()) {
			assertThat(exchange(socket, get("/slow-to-finish")).status()).isEqualTo(200);
			assertThat(exchange(socket, get("/at-once")).status()).isEqualTo(200);
			assertThat(exchange(socket, get("/at-once")).status()).isEqualTo(200);
			assertThat(exchange(socket, get("/slow-to-finish")).status()).isEqualTo(200);
			assertThat(exchange(socket, get("/at-once")).body()).isEqualTo("ok");
		}
	}

	/**
	 * The usual case stays as it was: a request Netty cannot read on a fresh connection
	 * is answered with its problem.
	 */
	@Test
	void aRequestNettyCannotReadOnAFreshConnectionIsAnswered() throws IOException {
		start();
		try (Socket socket = connect()) {
			Answer tooLong = exchange(socket, get("/anything?q=" + "a".repeat(5_000)));
			assertThat(tooLong.status()).isEqualTo(414);
			assertThat(tooLong.body()).contains("\"status\":414");
		}
	}

	/**
	 * Requests a client sends before reading any answer (HTTP/1.1 pipelining) are
	 * answered in order: the one Netty cannot read is answered after the slow one before
	 * it.
	 */
	@Test
	void pipelinedRequestsAreAnsweredInOrder() throws IOException {
		start();
		try (Socket socket = connect()) {
			OutputStream out = socket.getOutputStream();
			out.write((get("/slow-to-answer") + get("/anything?q=" + "a".repeat(5_000)))
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			Answer slow = read(in);
			Answer tooLong = read(in);
			assertThat(slow.status()).isEqualTo(200);
			assertThat(slow.body()).isEqualTo("late");
			assertThat(tooLong.status()).isEqualTo(414);
		}
	}

	private void start() {
		HttpServer http = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			if (request.path().equals("slow-to-answer")) {
				return response.sendString(Mono.delay(Duration.ofMillis(200)).thenReturn("late"));
			}
			return response.sendString(Mono.just("ok"));
		});
		server = new NettyErrorProblems().apply(http)
			.doOnChannelInit((observer, channel, address) -> channel.pipeline()
				.addAfter(NettyPipeline.HttpCodec, "finishLate", new FinishLate()))
			.bindNow();
	}

	/**
	 * Widens the window a proxy's next request can fall into: the answer's last part goes
	 * out at once, but the server learns that its write completed 200 ms later, so the
	 * exchange finishes then. (Unwidened, the window is the time between a write's
	 * completion and the task that tells the exchange; a busy machine stretches it.)
	 */
	static final class FinishLate extends ChannelDuplexHandler {

		private boolean late;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			if (message instanceof HttpRequest request) {
				this.late = request.uri().equals("/slow-to-finish");
			}
			ctx.fireChannelRead(message);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
			if (message instanceof LastHttpContent && this.late) {
				this.late = false;
				ctx.write(message).addListener(written -> ctx.executor().schedule(() -> {
					if (written.isSuccess()) {
						promise.trySuccess();
					}
					else {
						promise.tryFailure(written.cause());
					}
				}, 200, TimeUnit.MILLISECONDS));
				return;
			}
			ctx.write(message, promise);
		}

	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", server.port()), READ_TIMEOUT_MILLIS);
		socket.setSoTimeout(READ_TIMEOUT_MILLIS);
		return socket;
	}

	private static String get(String target) {
		return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
	}

	/** Sends one request and reads its answer, as a proxy does. */
	private static Answer exchange(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return read(socket.getInputStream());
	}

	/** One answer with a Content-Length (every answer of these handlers has one). */
	private static Answer read(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("connection closed before an answer: " + head);
			}
			head.write(b);
		}
		String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
		int length = 0;
		for (String line : lines) {
			if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
			}
		}
		byte[] body = in.readNBytes(length);
		return new Answer(lines, new String(body, StandardCharsets.UTF_8));
	}

	record Answer(String[] head, String body) {

		int status() {
			return Integer.parseInt(this.head[0].split(" ")[1]);
		}

		String header(String name) {
			for (String line : this.head) {
				if (line.toLowerCase(Locale.ROOT).startsWith(name + ":")) {
					return line.substring(line.indexOf(':') + 1).strip();
				}
			}
			return null;
		}

	}

}
