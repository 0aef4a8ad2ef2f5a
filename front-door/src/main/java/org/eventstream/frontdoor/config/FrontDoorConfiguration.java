package org.eventstream.frontdoor.config;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.eventstream.frontdoor.proxy.ProxyHandler;
import org.eventstream.frontdoor.routing.Tier;
import org.eventstream.frontdoor.routing.Upstreams;
import org.eventstream.web.problem.NettyErrorProblems;
import org.eventstream.web.problem.ProblemJsonExceptionHandler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** One route: every request goes to the tier that serves its path. */
@Configuration(proxyBeanMethods = false)
class FrontDoorConfiguration {

	@Bean
	ProxyHandler proxyHandler(FrontDoorProperties properties) {
		HttpClient http = HttpClient
			.create(ConnectionProvider.builder("front-door").maxConnections(1000).pendingAcquireMaxCount(-1).build())
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis())
			.responseTimeout(properties.responseTimeout());
		WebClient client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		return new ProxyHandler(client,
				Map.of(Tier.INGEST, new Upstreams(properties.ingest()), Tier.METRICS,
						new Upstreams(properties.metrics())),
				properties.maxBodySize().toBytes(), properties.maxImportSize().toBytes());
	}

	@Bean
	RouterFunction<ServerResponse> routes(ProxyHandler proxyHandler) {
		// actuator's endpoints are mapped before router functions; everything else is
		// the proxy's, which answers 404 problems for paths no tier serves
		return RouterFunctions.route(RequestPredicates.all(), proxyHandler::forward);
	}

	/** Netty's own error answers (431, 414, 400) as problems too. */
	@Bean
	NettyErrorProblems nettyErrorProblems() {
		return new NettyErrorProblems();
	}

	@Bean
	@Order(-2)
	ProblemJsonExceptionHandler problemJsonExceptionHandler(MeterRegistry meters) {
		return new ProblemJsonExceptionHandler((error, exchange) -> java.util.Optional.empty(), meters);
	}

}
