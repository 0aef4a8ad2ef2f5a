package org.eventstream.web.access;

import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eventstream.web.problem.ProblemJsonExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.eventstream.web.access.ApiKeysTest.sha256;

class ApiAccessFilterTest {

	static final RouterFunction<ServerResponse> ROUTES = RouterFunctions.route()
		.POST("/events", request -> ServerResponse.accepted().bodyValue("{\"ok\":true}"))
		.GET("/events/metrics", request -> ServerResponse.ok().bodyValue("{}"))
		.GET("/actuator/health", request -> ServerResponse.ok().bodyValue("UP"))
		.build();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void aRequestWithoutAKeyIsRefusedWithAProblem() {
		WebTestClient client = client(ApiScope.WRITE, properties(false, "web=" + sha256("w1"), 1000, List.of()));

		client.post()
			.uri("/events")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("WWW-Authenticate", "Bearer realm=\"event-stream\"")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/unauthorized")
			.jsonPath("$.detail")
			.isEqualTo("This API needs a write key: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
		assertThat(meters.get("event_stream.api.access.denied").tag("reason", "unauthorized").counter().count())
			.isEqualTo(1);
	}

	@Test
	void theKeyIsAcceptedInEitherHeader() {
		WebTestClient client = client(ApiScope.WRITE, properties(false, "web=" + sha256("w1"), 1000, List.of()));

		client.post().uri("/events").header("Authorization", "Bearer w1").exchange().expectStatus().isAccepted();
		client.post().uri("/events").header("Authorization", "bearer  w1 ").exchange().expectStatus().isAccepted();
		client.post().uri("/events").header("X-API-Key", "w1").exchange().expectStatus().isAccepted();
		client.post()
			.uri("/events")
			.header("X-API-Key", "w1")
			.header("Authorization", "Bearer w1")
			.exchange()
			.expectStatus()
			.isAccepted();
	}

	@Test
	void wrongMalformedAndAmbiguousKeysAreRefused() {
		WebTestClient client = client(ApiScope.WRITE,
				properties(true, "web=" + sha256("w1") + ",ios=" + sha256("w2"), 1000, List.of()));

		for (String[] header : List.of(new String[] { "X-API-Key", "w3" }, new String[] { "Authorization", "w1" },
				new String[] { "Authorization", "Basic dzE6" }, new String[] { "X-API-Key", "" },
				new String[] { "X-API-Key", "k".repeat(ApiAccessFilter.MAX_KEY_LENGTH + 1) })) {
			client.post()
				.uri("/events")
				.header(header[0], header[1])
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("/problems/unauthorized");
		}
		client.post()
			.uri("/events")
			.header("X-API-Key", "w1")
			.header("Authorization", "Bearer w2")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("Authorization and X-API-Key carry different keys.");
	}

	@Test
	void aWriteKeyCannotReadMetrics() {
		AccessProperties properties = new AccessProperties(false, "web=" + sha256("w1"), "dash=" + sha256("r1"), "",
				1000, 1000, 100, List.of(), List.of());
		WebTestClient metrics = client(ApiScope.READ, properties, "/events/metrics");

		metrics.get().uri("/events/metrics").header("X-API-Key", "w1").exchange().expectStatus().isUnauthorized();
		metrics.get().uri("/events/metrics").header("X-API-Key", "r1").exchange().expectStatus().isOk();
	}

	@Test
	void pathsOutsideTheApiAreNotGuarded() {
		WebTestClient client = client(ApiScope.WRITE, properties(false, "web=" + sha256("w1"), 1000, List.of()));

		client.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	@Test
	void anonymousRequestsPassWhenEnabled() {
		WebTestClient client = client(ApiScope.WRITE, properties(true, "", 1000, List.of()));

		client.post()
			.uri("/events")
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectHeader()
			.valueEquals("X-RateLimit-Limit", "1000");
	}

	@Test
	void overItsLimitAKeyGets429WithRetryAfterAndTheCountersInHeaders() {
		WebTestClient client = client(ApiScope.WRITE,
				properties(false, "web=" + sha256("w1") + ":3,ios=" + sha256("w2"), 1000, List.of()));

		List<String> remaining = new java.util.ArrayList<>();
		for (int i = 0; i < 3; i++) {
			remaining.add(client.post()
				.uri("/events")
				.header("X-API-Key", "w1")
				.exchange()
				.expectStatus()
				.isAccepted()
				.expectHeader()
				.valueEquals("X-RateLimit-Limit", "3")
				.returnResult(String.class)
				.getResponseHeaders()
				.getFirst("X-RateLimit-Remaining"));
		}
		// a window may have turned over in between: the count only goes down within one
		assertThat(remaining).last().isIn("0", "1", "2");
		boolean limited = false;
		for (int i = 0; i < 20 && !limited; i++) {
			var result = client.post().uri("/events").header("X-API-Key", "w1").exchange().returnResult(String.class);
			if (result.getStatus() == HttpStatus.TOO_MANY_REQUESTS) {
				limited = true;
				assertThat(result.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
				assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
				assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Reset")).isEqualTo("1");
				assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			}
		}
		assertThat(limited).as("a fourth request within a second is refused").isTrue();
		// another key has its own limit
		client.post().uri("/events").header("X-API-Key", "w2").exchange().expectStatus().isAccepted();
		assertThat(meters.get("event_stream.api.access.denied").tag("reason", "rate_limited").counter().count())
			.isPositive();
	}

	@Test
	void aBrowserFromAnAllowedOriginGetsCorsHeadersAndOthersAProblem() {
		WebTestClient client = client(ApiScope.WRITE,
				properties(true, "", 1000, List.of("https://shop.example", "https://*.example.org")));

		client.options()
			.uri("/events")
			.header("Origin", "https://app.example.org")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type, x-api-key")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "https://app.example.org")
			.expectHeader()
			.doesNotExist("Access-Control-Allow-Credentials");
		var allowed = client.post()
			.uri("/events")
			.header("Origin", "https://shop.example")
			.exchange()
			.expectStatus()
			.isAccepted()
			.returnResult(String.class)
			.getResponseHeaders();
		assertThat(allowed.getFirst("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
		assertThat(allowed.getFirst("Access-Control-Expose-Headers")).contains("X-RateLimit-Remaining");
		client.post()
			.uri("/events")
			.header("Origin", "https://evil.example")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("/problems/origin-not-allowed");
	}

	@Test
	void aPublicKeyTravelsInTheQueryStringFromItsOriginsOnly() {
		WebTestClient client = client(ApiScope.WRITE, properties(false,
				"web=" + sha256("pub") + "@https://shop.example|https://*.shop.example,server=" + sha256("secret"),
				1000, List.of("*")));

		for (String origin : List.of("https://shop.example", "https://www.shop.example")) {
			client.post().uri("/events?write_key=pub").header("Origin", origin).exchange().expectStatus().isAccepted();
		}
		client.post()
			.uri("/events")
			.header("X-API-Key", "pub")
			.header("Origin", "https://shop.example")
			.exchange()
			.expectStatus()
			.isAccepted();
		// another site's page, or no page at all (a script): refused
		String otherSite = client.post()
			.uri("/events?write_key=pub")
			.header("Origin", "https://evil.example")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(otherSite).contains("\"type\":\"/problems/origin-not-allowed\"", "https://evil.example", "web");
		client.post().uri("/events?write_key=pub").exchange().expectStatus().isForbidden();
		// a secret key never in the URL, even a right one
		String secretInUrl = client.post()
			.uri("/events?write_key=secret")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(secretInUrl).contains("secret: send it in a header");
		client.post().uri("/events").header("X-API-Key", "secret").exchange().expectStatus().isAccepted();
		// one key, in one place
		client.post()
			.uri("/events?write_key=pub&write_key=pub")
			.header("Origin", "https://shop.example")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		client.post()
			.uri("/events?write_key=pub")
			.header("X-API-Key", "pub")
			.header("Origin", "https://shop.example")
			.exchange()
			.expectStatus()
			.isUnauthorized();
		client.post()
			.uri("/events?write_key=nope")
			.header("Origin", "https://shop.example")
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void adminPathsNeedAnAdminKeyEvenWhenAnonymousAccessIsOn() {
		AccessProperties properties = new AccessProperties(true, "web=" + sha256("w1"), "dash=" + sha256("r1"),
				"ops=" + sha256("a1"), 1000, 1000, 100, List.of(), List.of());
		WebTestClient admin = client(ApiScope.ADMIN, properties, "/events");

		admin.get().uri("/events/metrics").exchange().expectStatus().isUnauthorized();
		admin.get().uri("/events/metrics").header("X-API-Key", "r1").exchange().expectStatus().isUnauthorized();
		admin.get().uri("/events/metrics").header("X-API-Key", "w1").exchange().expectStatus().isUnauthorized();
		admin.get().uri("/events/metrics").header("X-API-Key", "a1").exchange().expectStatus().isOk();
	}

	@Test
	void withoutAdminKeysTheServiceStartsAndRefusesEveryAdminRequest() {
		AccessProperties properties = new AccessProperties(true, "", "dash=" + sha256("r1"), "", 1000, 1000, 100,
				List.of(), List.of());
		WebTestClient admin = client(ApiScope.ADMIN, properties, "/events");

		admin.get()
			.uri("/events/metrics")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("This API needs a admin key: send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.");
	}

	@Test
	void readKeysNeverTravelInTheQueryString() {
		AccessProperties properties = new AccessProperties(false, "", "dash=" + sha256("r1"), "", 1000, 1000, 100,
				List.of(), List.of());
		WebTestClient metrics = client(ApiScope.READ, properties, "/events/metrics");

		metrics.get().uri("/events/metrics?write_key=r1").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void withoutKeysOrAnonymousAccessTheServiceRefusesToStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> ApiAccess.filter(ApiScope.READ, "/events", properties(false, "", 1, List.of()), meters))
			.withMessageContaining("EVENT_STREAM_SECURITY_READ_KEYS");
	}

	private WebTestClient client(ApiScope scope, AccessProperties properties) {
		return client(scope, properties, "/events");
	}

	private WebTestClient client(ApiScope scope, AccessProperties properties, String prefix) {
		return WebTestClient.bindToRouterFunction(ROUTES)
			.webFilter(ApiAccess.ingestCors("/events/**", properties),
					ApiAccess.filter(scope, prefix, properties, meters))
			.handlerStrategies(HandlerStrategies.builder()
				.exceptionHandler(new ProblemJsonExceptionHandler((error, exchange) -> Optional.empty()))
				.build())
			.configureClient()
			// absolute request URIs, as a server sees them (CORS checks need the host)
			.baseUrl("http://api.example")
			.build();
	}

	private static AccessProperties properties(boolean anonymous, String writeKeys, int perKey, List<String> origins) {
		return new AccessProperties(anonymous, writeKeys, "", "", perKey, 1000, 100, List.of("127.0.0.0/8"), origins);
	}

}
