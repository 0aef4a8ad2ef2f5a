package org.eventstream.ingest.adapter.in.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.eventstream.web.access.ApiAccessFilter;
import org.eventstream.web.access.CorsFilter;
import org.eventstream.web.problem.ProblemJsonExceptionHandler;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /events} and {@code POST /events/batch} on Reactor Netty's own routing,
 * ahead of WebFlux: the same {@link IngestController} methods behind the same CORS, key
 * check and rate limit ({@link CorsFilter#checkActualRequest},
 * {@link ApiAccessFilter#check}), the same problems ({@link ProblemJsonExceptionHandler})
 * and the same {@code http.server.requests} timer, without WebFlux's per-request
 * machinery (the exchange, the filter chain, handler mapping, argument and result
 * handling, the observation): a single-event request cost ingest-api 227-323 µs of CPU
 * through WebFlux and 135-161 through these routes, in one session's alternating runs
 * (docs/PERFORMANCE.md, change 17). A request of any other shape goes on to WebFlux,
 * whose answers are unchanged: another method or path, a {@code Content-Type} that is not
 * JSON or text, an {@code Accept} that might exclude JSON, {@code validate_only} other
 * than once {@code true} or {@code false}, an {@code Idempotency-Key} given twice.
 * {@code IngestRoutesTest} holds the answers of both ways equal, byte for byte.
 */
@Component
public final class IngestRoutes implements NettyRouteProvider {

	static final String EVENTS = "/events";

	static final String BATCH = "/events/batch";

	private final IngestController controller;

	private final CorsFilter cors;

	private final ApiAccessFilter access;

	private final ProblemJsonExceptionHandler problems;

	private final MeterRegistry meters;

	private final JsonMapper json = JsonMapper.builder().build();

	/** A scheduler per event loop, for {@link #loopOf}. */
	private final Map<EventLoop, Scheduler> loops = new ConcurrentHashMap<>();

	IngestRoutes(IngestController controller, CorsFilter cors, ApiAccessFilter access,
			ProblemJsonExceptionHandler problems, MeterRegistry meters) {
		this.controller = controller;
		this.cors = cors;
		this.access = access;
		this.problems = problems;
		this.meters = meters;
	}

	@Override
	public HttpServerRoutes apply(HttpServerRoutes routes) {
		return routes.route(IngestRoutes::serves, new ReactorHttpHandlerAdapter(this::handle));
	}

	/**
	 * Whether a request is one this route answers; else WebFlux answers it. The route
	 * reads {@code validate_only} and {@code Idempotency-Key} only when they have one
	 * form the controller would read the same way.
	 */
	static boolean serves(HttpServerRequest request) {
		if (!HttpMethod.POST.equals(request.method())) {
			return false;
		}
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		if (!path.equals(EVENTS) && !path.equals(BATCH)) {
			return false;
		}
		var headers = request.requestHeaders();
		List<String> contentType = headers.getAll(HttpHeaderNames.CONTENT_TYPE);
		List<String> accept = headers.getAll(HttpHeaderNames.ACCEPT);
		if (contentType.size() != 1 || !consumed(contentType.get(0)) || accept.size() > 1
				|| (accept.size() == 1 && !producesJsonFor(accept.get(0)))
				|| headers.getAll("Idempotency-Key").size() > 1) {
			return false;
		}
		if (query >= 0) {
			List<String> values = new QueryStringDecoder(uri).parameters().get("validate_only");
			return values == null
					|| (values.size() == 1 && (values.get(0).equals("true") || values.get(0).equals("false")));
		}
		return true;
	}

	/** What the controller's {@code consumes} takes: JSON, or text carrying JSON. */
	private static boolean consumed(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return MediaType.APPLICATION_JSON.includes(type) || MediaType.TEXT_PLAIN.includes(type);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * Whether an {@code Accept} header surely takes JSON: one of its types is compatible
	 * and none is weighed by quality (a {@code q} of 0 refuses a type).
	 */
	private static boolean producesJsonFor(String accept) {
		try {
			List<MediaType> types = MediaType.parseMediaTypes(accept);
			return types.stream().noneMatch(type -> type.getParameter("q") != null)
					&& types.stream().anyMatch(MediaType.APPLICATION_JSON::isCompatibleWith);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/**
	 * One request, as Spring's {@link ServerHttpRequest} and {@link ServerHttpResponse}
	 * (through {@link ReactorHttpHandlerAdapter}, which answers a malformed URI as it
	 * does for WebFlux).
	 */
	Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		Timer.Sample sample = Timer.start(meters);
		String path = request.getPath().value();
		boolean batch = path.equals(BATCH);
		HttpHeaders headers = response.getHeaders();
		return Mono.defer(() -> {
			Optional<ErrorResponseException> refused = cors.checkActualRequest(request, headers)
				.or(() -> access.check(request, headers, new HashMap<>(2)));
			if (refused.isPresent()) {
				return Mono.error(refused.get());
			}
			boolean validateOnly = "true".equals(request.getQueryParams().getFirst("validate_only"));
			String key = request.getHeaders().getFirst("Idempotency-Key");
			Mono<? extends ResponseEntity<?>> answer = batch ? controller.postBatch(request, validateOnly, key)
					: controller.postEvent(request, validateOnly, key);
			return answer.publishOn(loopOf(request))
				.map(entity -> new Answer(entity.getStatusCode().value(), MediaType.APPLICATION_JSON,
						json.writeValueAsBytes(entity.getBody()), null));
		}).onErrorResume(error -> {
			ProblemJsonExceptionHandler.Answer problem = problems.answer(error, "POST", path, headers);
			return Mono.just(new Answer(problem.status(), MediaType.APPLICATION_PROBLEM_JSON, problem.body(), error));
		}).flatMap(answer -> {
			response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
			headers.setContentType(answer.type());
			headers.setContentLength(answer.body().length);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())))
				.doFinally(signal -> sample.stop(meters.timer("http.server.requests", tags(path, answer))));
		});
	}

	/**
	 * The request's own event loop, where the answer is written anyway: the answer (its
	 * JSON, the timer, the write) is made there rather than on Kafka's one network
	 * thread, which completes every request's publish and would otherwise hand the write
	 * to the loop. 86-89 µs of ingest-api's CPU per single event against 94-95,
	 * 9,425-9,811 requests/s against 8,605-8,808, both measured with change 18 (since
	 * reverted) in (docs/PERFORMANCE.md, change 19).
	 */
	private Scheduler loopOf(ServerHttpRequest request) {
		Object operations = ServerHttpRequestDecorator.getNativeRequest(request);
		if (operations instanceof Connection connection) {
			return loops.computeIfAbsent(connection.channel().eventLoop(), Schedulers::fromExecutor);
		}
		return Schedulers.immediate();
	}

	/** What to answer; {@code error} is the one a problem answers, else null. */
	private record Answer(int status, MediaType type, byte[] body, Throwable error) {
	}

	/**
	 * The tags WebFlux's observation gives {@code http.server.requests} (Spring
	 * Framework's and Micrometer's conventions): one timer for both ways.
	 */
	private static Tags tags(String path, Answer answer) {
		String exception = (answer.error() == null) ? "none" : answer.error().getClass().getSimpleName();
		HttpStatus.Series series = HttpStatus.Series.resolve(answer.status());
		String outcome = (series == null) ? "UNKNOWN" : switch (series) {
			case INFORMATIONAL -> "INFORMATIONAL";
			case SUCCESSFUL -> "SUCCESS";
			case REDIRECTION -> "REDIRECTION";
			case CLIENT_ERROR -> "CLIENT_ERROR";
			case SERVER_ERROR -> "SERVER_ERROR";
		};
		return Tags.of("error", exception, "exception", exception, "method", "POST", "outcome", outcome, "status",
				Integer.toString(answer.status()), "uri", path);
	}

}
