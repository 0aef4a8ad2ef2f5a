package org.eventstream.testinfra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.eventstream.testinfra.FaultyTcpProxy.InsertStage;
import org.eventstream.testinfra.FaultyTcpProxy.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultyTcpProxyTest {

	/** What clickhouse-java sends for an insert into {@code events}. */
	static final String INSERT_EVENTS = "INSERT INTO `event_stream`.events (event_id, event_name) FORMAT RowBinary";

	/** What the server received: the query and how many body bytes, or the failure. */
	final List<String> received = new CopyOnWriteArrayList<>();

	final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	HttpServer server;

	FaultyTcpProxy proxy;

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", exchange -> {
			String query = exchange.getRequestURI().getQuery();
			try {
				byte[] body = exchange.getRequestBody().readAllBytes();
				received.add(query + " " + body.length);
				exchange.sendResponseHeaders(200, 2);
				exchange.getResponseBody().write("ok".getBytes());
			}
			catch (IOException ex) {
				received.add(query + " cut");
			}
			finally {
				exchange.close();
			}
		});
		server.start();
		proxy = new FaultyTcpProxy("127.0.0.1", server.getAddress().getPort());
	}

	@AfterEach
	void stop() {
		proxy.close();
		server.stop(0);
	}

	@Test
	void forwardsRequestsAndAnswers() throws Exception {
		assertThat(post("SELECT", 1000).get(10, TimeUnit.SECONDS).body()).isEqualTo("ok");
		assertThat(received).containsExactly("query=SELECT 1000");
	}

	@Test
	void aTrapBeforeTheInsertHoldsEveryByteOfIt() throws Exception {
		CompletableFuture<Void> trapped = proxy.trapNextInsert(InsertStage.BEFORE_SENT, "events");
		assertThat(post("SELECT", 10).get(10, TimeUnit.SECONDS).statusCode()).as("other requests pass").isEqualTo(200);
		CompletableFuture<HttpResponse<String>> insert = post(INSERT_EVENTS, 100_000);
		trapped.get(10, TimeUnit.SECONDS);
		Thread.sleep(300);
		assertThat(received).containsExactly("query=SELECT 10");
		proxy.releaseTrapped();
		assertThatThrownBy(() -> insert.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
		assertThat(received).containsExactly("query=SELECT 10");
	}

	@Test
	void aTrapHalfWayThroughTheInsertCutsItsBody() throws Exception {
		CompletableFuture<Void> trapped = proxy.trapNextInsert(InsertStage.HALF_SENT, "events");
		CompletableFuture<HttpResponse<String>> insert = post(INSERT_EVENTS, 100_000);
		trapped.get(10, TimeUnit.SECONDS);
		proxy.releaseTrapped();
		assertThatThrownBy(() -> insert.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
		awaitReceived(1);
		assertThat(received).containsExactly("query=" + INSERT_EVENTS + " cut");
	}

	@Test
	void aTrapOnTheAnswerLetsTheServerDoTheInsertButTheClientNeverHears() throws Exception {
		CompletableFuture<Void> trapped = proxy.trapNextInsert(InsertStage.ANSWERED, "events");
		CompletableFuture<HttpResponse<String>> insert = post(INSERT_EVENTS, 100_000);
		trapped.get(10, TimeUnit.SECONDS);
		assertThat(received).containsExactly("query=" + INSERT_EVENTS + " 100000");
		assertThat(insert).isNotDone();
		proxy.releaseTrapped();
		assertThatThrownBy(() -> insert.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
		assertThat(post(INSERT_EVENTS, 5).get(10, TimeUnit.SECONDS).body()).as("the trap was for one insert")
			.isEqualTo("ok");
	}

	@Test
	void aTrapForOneTableLetsInsertsIntoOtherTablesPass() throws Exception {
		CompletableFuture<Void> trapped = proxy.trapNextInsert(InsertStage.ANSWERED, "events");
		assertThat(post("INSERT INTO `db`.users (user_key) FORMAT RowBinary", 10).get(10, TimeUnit.SECONDS).body())
			.isEqualTo("ok");
		assertThat(post("INSERT INTO `db`.events_daily FORMAT RowBinary", 10).get(10, TimeUnit.SECONDS).body())
			.isEqualTo("ok");
		assertThat(trapped).isNotDone();
		CompletableFuture<HttpResponse<String>> insert = post(INSERT_EVENTS, 10);
		trapped.get(10, TimeUnit.SECONDS);
		assertThat(insert).isNotDone();
		proxy.releaseTrapped();
		assertThatThrownBy(() -> insert.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
	}

	@Test
	void silentPassesRequestsButOnlyTheClientsTimeoutEndsTheWait() throws Exception {
		proxy.mode(Mode.SILENT);
		HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.url() + "/?query=INSERT"))
			.timeout(Duration.ofMillis(800))
			.POST(HttpRequest.BodyPublishers.ofString("x"))
			.build();
		assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
			.isInstanceOf(HttpTimeoutException.class);
		assertThat(received).containsExactly("query=INSERT 1");
	}

	@Test
	void aConnectionToADownServerIsClosedAtOnce() throws Exception {
		server.stop(0);
		long started = System.nanoTime();
		assertThatThrownBy(() -> post("SELECT", 1).get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
	}

	private CompletableFuture<HttpResponse<String>> post(String query, int bodyBytes) {
		return client.sendAsync(HttpRequest
			.newBuilder(URI.create(
					proxy.url() + "/?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20")))
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[bodyBytes]))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private void awaitReceived(int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (received.size() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

}
