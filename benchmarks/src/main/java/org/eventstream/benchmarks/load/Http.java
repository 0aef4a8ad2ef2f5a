package org.eventstream.benchmarks.load;

import java.time.Duration;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** A non-blocking HTTP/1.1 client with a fixed connection pool (Reactor Netty). */
final class Http {

	/** A status, and the body when it is needed. */
	record Answer(int status, String body) {
	}

	private final HttpClient client;

	Http(String baseUrl, int connections) {
		this.client = HttpClient
			.create(ConnectionProvider.builder("load")
				.maxConnections(connections)
				.pendingAcquireMaxCount(-1)
				.pendingAcquireTimeout(Duration.ofMinutes(1))
				.build())
			.option(io.netty.channel.ChannelOption.TCP_NODELAY, true)
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(30));
	}

	Mono<Answer> post(String path, String json) {
		return client.headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
			.post()
			.uri(path)
			.send(ByteBufFlux.fromString(Mono.just(json)))
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map(text -> new Answer(response.status().code(), text)));
	}

	Mono<Answer> get(String pathAndQuery) {
		return client.get()
			.uri(pathAndQuery)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map(text -> new Answer(response.status().code(), text)));
	}

}
