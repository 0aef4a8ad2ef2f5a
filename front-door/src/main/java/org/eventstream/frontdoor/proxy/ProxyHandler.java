package org.eventstream.frontdoor.proxy;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.eventstream.frontdoor.routing.Tier;
import org.eventstream.frontdoor.routing.Upstreams;
import org.eventstream.web.problem.Problems;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Forwards a request to an instance of the tier that serves its path and streams the
 * answer back unchanged: status, headers (bar hop-by-hop ones) and body, problems
 * included. The request body is read first (up to a limit), so that a request an instance
 * refused to connect can go to the next one; nothing is retried once an instance has
 * accepted the connection, because it may have acted on the request.
 */
public final class ProxyHandler {

	/** RFC 9110 §7.6.1 connection-specific fields, plus what the proxy recomputes. */
	private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"content-length");

	private final WebClient client;

	private final Map<Tier, Upstreams> tiers;

	private final int maxBodyBytes;

	public ProxyHandler(WebClient client, Map<Tier, Upstreams> tiers, int maxBodyBytes) {
		this.client = client;
		this.tiers = Map.copyOf(tiers);
		this.maxBodyBytes = maxBodyBytes;
	}

	public Mono<ServerResponse> forward(ServerRequest request) {
		Tier tier = Tier.forPath(request.path())
			.orElseThrow(() -> Problems.exception(
					Problems.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "No endpoint at " + request.path()
							+ "; this API serves POST /events, POST /events/batch and GET /events/metrics.")));
		return DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), maxBodyBytes)
			.map(ProxyHandler::drain)
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class,
					ex -> Problems.exception(
							Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large",
									"The front door forwards bodies of at most " + maxBodyBytes
											+ " bytes; send fewer events per batch.")))
			.flatMap(body -> send(request, tier, body, tiers.get(tier).rotation(), 0));
	}

	private Mono<ServerResponse> send(ServerRequest request, Tier tier, byte[] body, List<URI> instances, int attempt) {
		URI instance = instances.get(attempt);
		URI target = UriComponentsBuilder.fromUri(instance)
			.replacePath(request.exchange().getRequest().getURI().getRawPath())
			.replaceQuery(request.exchange().getRequest().getURI().getRawQuery())
			.build(true)
			.toUri();
		WebClient.RequestBodySpec spec = client.method(request.method())
			.uri(target)
			.headers(headers -> forwardedRequestHeaders(request, headers));
		WebClient.RequestHeadersSpec<?> withBody = (body.length == 0) ? spec : spec.bodyValue(body);
		return withBody.retrieve()
			// every status is an answer to pass on, not an error
			.onStatus(status -> true, response -> Mono.empty())
			.toEntityFlux(DataBuffer.class)
			.flatMap(ProxyHandler::relay)
			.onErrorResume(ProxyHandler::notConnected,
					ex -> (attempt + 1 < instances.size()) ? send(request, tier, body, instances, attempt + 1)
							: Mono.error(Problems.exception(unavailable(tier))))
			.onErrorMap(ProxyHandler::timedOut,
					ex -> Problems.exception(Problems.problem(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout",
							"Upstream timeout", "The " + tier.label() + " tier did not answer in time.")))
			.onErrorMap(WebClientRequestException.class,
					ex -> Problems.exception(Problems.problem(HttpStatus.BAD_GATEWAY, "bad-gateway", "Bad gateway",
							"The " + tier.label() + " tier failed while answering: " + ex.getMostSpecificCause())));
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

	private static byte[] drain(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

}
