package org.eventstream.frontdoor.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.eventstream.frontdoor.routing.Tier;
import org.eventstream.frontdoor.routing.Upstreams;
import org.eventstream.web.problem.Problems;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Forwards a request to an instance of the tier that serves its path and streams the
 * answer back unchanged: status, headers (bar hop-by-hop ones) and body, problems
 * included. The request body streams too, counted against a limit as it passes (a
 * {@code Content-Length} over it is refused before anything is sent), so a large import
 * goes through in bounded memory. A request an instance refused to connect goes to the
 * next one: the body is only read once a connection is made, so nothing of it was
 * consumed. Nothing is retried once an instance has accepted the connection, because it
 * may have acted on the request.
 */
public final class ProxyHandler {

	/** RFC 9110 §7.6.1 connection-specific fields, plus what the proxy recomputes. */
	private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"content-length");

	private final WebClient client;

	private final Map<Tier, Upstreams> tiers;

	private final long maxBodyBytes;

	private final long maxImportBytes;

	/**
	 * @param maxBodyBytes the largest body forwarded
	 * @param maxImportBytes the same for {@code /events/import}
	 */
	public ProxyHandler(WebClient client, Map<Tier, Upstreams> tiers, long maxBodyBytes, long maxImportBytes) {
		this.client = client;
		this.tiers = Map.copyOf(tiers);
		this.maxBodyBytes = maxBodyBytes;
		this.maxImportBytes = maxImportBytes;
	}

	public Mono<ServerResponse> forward(ServerRequest request) {
		Tier tier = Tier.forPath(request.path())
			.orElseThrow(() -> Problems.exception(
					Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No endpoint at " + request.path()
							+ "; this API serves POST /events, POST /events/batch and GET /events/metrics.")));
		long limit = request.path().startsWith("/events/import") ? maxImportBytes : maxBodyBytes;
		HttpHeaders headers = request.headers().asHttpHeaders();
		if (headers.getContentLength() > limit) {
			return Mono.error(tooLarge(limit));
		}
		boolean hasBody = headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		Flux<DataBuffer> body = hasBody ? limited(request.bodyToFlux(DataBuffer.class), limit) : Flux.empty();
		return send(request, tier, hasBody, body, tiers.get(tier).rotation(), 0);
	}

	/** The body as it streams, failing with a 413 problem once it passes the limit. */
	private static Flux<DataBuffer> limited(Flux<DataBuffer> body, long limit) {
		AtomicLong seen = new AtomicLong();
		return body.handle((buffer, sink) -> {
			if (seen.addAndGet(buffer.readableByteCount()) > limit) {
				DataBufferUtils.release(buffer);
				sink.error(tooLarge(limit));
			}
			else {
				sink.next(buffer);
			}
		});
	}

	private static ErrorResponseException tooLarge(long limit) {
		return Problems.exception(Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
				"Request body too large", "The front door forwards bodies of at most " + limit
						+ " bytes on this path; send fewer events per request (or import history in chunks)."));
	}

	private Mono<ServerResponse> send(ServerRequest request, Tier tier, boolean hasBody, Flux<DataBuffer> body,
			List<URI> instances, int attempt) {
		URI instance = instances.get(attempt);
		URI target = upstreamUri(instance, request.exchange().getRequest().getURI());
		WebClient.RequestBodySpec spec = client.method(request.method())
			.uri(target)
			.headers(headers -> forwardedRequestHeaders(request, headers));
		WebClient.RequestHeadersSpec<?> withBody = hasBody ? spec.body(BodyInserters.fromDataBuffers(body)) : spec;
		return withBody.retrieve()
			// every status is an answer to pass on, not an error
			.onStatus(status -> true, response -> Mono.empty())
			.toEntityFlux(DataBuffer.class)
			.flatMap(ProxyHandler::relay)
			.onErrorResume(ProxyHandler::notConnected,
					ex -> (attempt + 1 < instances.size()) ? send(request, tier, hasBody, body, instances, attempt + 1)
							: Mono.error(Problems.exception(unavailable(tier))))
			.onErrorMap(ProxyHandler::timedOut,
					ex -> Problems.exception(Problems.problem(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout",
							"Upstream timeout", "The " + tier.label() + " tier did not answer in time.")))
			.onErrorMap(WebClientRequestException.class,
					ex -> (ex.getCause() instanceof ErrorResponseException own) ? own : Problems
						.exception(Problems.problem(HttpStatus.BAD_GATEWAY, "bad-gateway", "Bad gateway",
								"The " + tier.label() + " tier failed while answering: " + ex.getMostSpecificCause())));
	}

	/**
	 * The instance's scheme, host and port with the request's raw path and query, byte
	 * for byte: nothing decoded, re-encoded or validated beyond what parsing the request
	 * already did (a URI builder would check each query parameter against its own rules,
	 * and refuse an {@code =} or an apostrophe in a value that the tier itself accepts).
	 */
	static URI upstreamUri(URI instance, URI request) {
		StringBuilder target = new StringBuilder(instance.getScheme()).append("://")
			.append(instance.getRawAuthority())
			.append(request.getRawPath());
		if (request.getRawQuery() != null) {
			target.append('?').append(request.getRawQuery());
		}
		return URI.create(target.toString());
	}

	private static Mono<ServerResponse> relay(ResponseEntity<reactor.core.publisher.Flux<DataBuffer>> answer) {
		return ServerResponse.status(answer.getStatusCode())
			.headers(headers -> answer.getHeaders().forEach((name, values) -> {
				if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
					headers.addAll(name, values);
				}
			}))
			.body(BodyInserters.fromDataBuffers(answer.getBody()));
	}

	private static void forwardedRequestHeaders(ServerRequest request, HttpHeaders headers) {
		request.headers().asHttpHeaders().forEach((name, values) -> {
			if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
				headers.addAll(name, values);
			}
		});
		request.remoteAddress()
			.ifPresent(client -> headers.add("X-Forwarded-For", client.getAddress().getHostAddress()));
		headers.set("X-Forwarded-Proto", request.uri().getScheme());
		String host = request.headers().firstHeader(HttpHeaders.HOST);
		if (host != null) {
			headers.set("X-Forwarded-Host", host);
		}
	}

	private static org.springframework.http.ProblemDetail unavailable(Tier tier) {
		var problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "tier-unavailable", "Service unavailable",
				"No instance of the " + tier.label() + " tier accepted the connection; retry shortly.");
		problem.setProperty("retry_after_seconds", 1);
		return problem;
	}

	/** The request never reached the instance, so another one may take it. */
	private static boolean notConnected(Throwable error) {
		Throwable cause = (error instanceof WebClientRequestException) ? error.getCause() : null;
		return cause instanceof ConnectException || cause instanceof ConnectTimeoutException
				|| cause instanceof UnknownHostException;
	}

	private static boolean timedOut(Throwable error) {
		Throwable cause = (error instanceof WebClientRequestException) ? error.getCause() : error;
		return cause instanceof ReadTimeoutException || cause instanceof TimeoutException;
	}

}
