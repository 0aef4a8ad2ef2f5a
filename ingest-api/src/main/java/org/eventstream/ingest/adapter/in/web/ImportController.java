package org.eventstream.ingest.adapter.in.web;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eventstream.ingest.application.port.in.IngestEventsUseCase;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /events/import}: history as NDJSON, streamed (see {@link EventImport}). At
 * most {@link ImportLimits#maxConcurrent()} imports run at once on an instance.
 */
@RestController
public class ImportController implements ImportApiDocs {

	static final String NDJSON = "application/x-ndjson";

	private static final Duration BUSY_RETRY_AFTER = Duration.ofSeconds(5);

	/** Body buffers requested ahead of the reader: bounds the memory an import holds. */
	private static final int PREFETCH_BUFFERS = 4;

	private final IngestEventsUseCase ingest;

	private final EventJsonParser parser;

	private final RequestLimits requestLimits;

	private final ImportLimits limits;

	private final Semaphore running;

	public ImportController(IngestEventsUseCase ingest, RequestLimits requestLimits, ImportLimits limits) {
		this.ingest = ingest;
		this.parser = new EventJsonParser(requestLimits);
		this.requestLimits = requestLimits;
		this.limits = limits;
		this.running = new Semaphore(limits.maxConcurrent());
	}

	@Override
	@PostMapping(path = "/events/import", consumes = NDJSON, produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<ResponseEntity<IngestResponses.ImportAccepted>> importEvents(ServerHttpRequest request) {
		boolean gzip = RequestBodyReader.gzipped(request);
		long declared = request.getHeaders().getContentLength();
		if (!gzip && declared > limits.maxBytes()) {
			throw ApiProblem.tooLarge("The import", limits.maxBytes());
		}
		if (!running.tryAcquire()) {
			throw IngestProblems.unavailable("imports-busy", "Too many imports",
					"This instance runs " + limits.maxConcurrent() + " imports at once; retry later.",
					BUSY_RETRY_AFTER);
		}
		// released when the import ends, before its answer goes out (a client that sends
		// its next import on
		// the answer must not find this one still running), or when the request is
		// cancelled before it ran
		AtomicBoolean held = new AtomicBoolean(true);
		Runnable release = () -> {
			if (held.compareAndSet(true, false)) {
				running.release();
			}
		};
		return Mono.fromCallable(() -> {
			try (InputStream body = DataBufferUtils.subscriberInputStream(request.getBody(), PREFETCH_BUFFERS)) {
				return new EventImport(ingest, parser, limits, requestLimits.maxEventBytes()).run(body, gzip);
			}
			finally {
				release.run();
			}
		})
			.subscribeOn(Schedulers.boundedElastic())
			.doFinally(signal -> release.run())
			.map(summary -> ResponseEntity.status(HttpStatus.ACCEPTED).body(summary));
	}

}
