package org.eventstream.ingest.adapter.in.web;

import java.util.List;
import java.util.Optional;

import org.eventstream.ingest.application.port.in.EventOutcome;
import org.eventstream.ingest.application.port.in.IngestCommand;
import org.eventstream.ingest.application.port.in.IngestEventsUseCase;
import org.eventstream.ingest.application.port.in.IngestResult;
import org.eventstream.ingest.application.port.in.SubmittedEvent;
import org.eventstream.model.identity.IdempotencyKey;
import org.eventstream.web.access.ClientAddress;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /events} and {@code POST /events/batch}. Bodies are
 * {@code application/json}, or {@code text/plain} carrying JSON (what browsers'
 * {@code sendBeacon} sends), optionally gzip-compressed.
 *
 * <p>
 * Statuses: 202 when the accepted events are durably in Kafka; 200 for
 * {@code validate_only=true} (nothing published); 400 when no event is valid or the
 * request is malformed; 413 over a size limit; 415 for another media type or encoding;
 * 503 with {@code Retry-After} when Kafka did not acknowledge in time or too much is in
 * flight.
 */
@RestController
public class IngestController implements IngestApiDocs {

	private final IngestEventsUseCase ingest;

	private final RequestBodyReader bodyReader;

	private final EventJsonParser parser;

	/** Present only when events are located: otherwise no request's address is read. */
	private final Optional<ClientAddress> clients;

	public IngestController(IngestEventsUseCase ingest, RequestLimits limits, Optional<ClientAddress> clients) {
		this.ingest = ingest;
		this.clients = clients;
		this.bodyReader = new RequestBodyReader(limits.maxBodyBytes());
		this.parser = new EventJsonParser(limits);
	}

	@Override
	@PostMapping(path = "/events", consumes = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE },
			produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<ResponseEntity<IngestResponses.EventAccepted>> postEvent(ServerHttpRequest request,
			@RequestParam(name = "validate_only", defaultValue = "false") boolean validateOnly,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		Optional<IdempotencyKey> key = idempotencyKey(idempotencyKey);
		return bodyReader.read(request)
			.map(parser::single)
			.flatMap(event -> run(List.of(event), key, validateOnly, request))
			.map(result -> {
				EventOutcome outcome = result.outcomes().get(0);
				if (outcome instanceof EventOutcome.Rejected rejected) {
					throw ApiProblem.invalidEvent(rejected.violations());
				}
				String id = ((EventOutcome.Accepted) outcome).id().value();
				return ResponseEntity.status(status(result)).body(new IngestResponses.EventAccepted(id));
			});
	}

	@Override
	@PostMapping(path = "/events/batch", consumes = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE },
			produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<ResponseEntity<IngestResponses.BatchAccepted>> postBatch(ServerHttpRequest request,
			@RequestParam(name = "validate_only", defaultValue = "false") boolean validateOnly,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		Optional<IdempotencyKey> key = idempotencyKey(idempotencyKey);
		return bodyReader.read(request)
			.map(parser::batch)
			.flatMap(events -> run(events, key, validateOnly, request))
			.map(result -> {
				if (result.acceptedCount() == 0) {
					throw ApiProblem.noValidEvent(IngestResponses.rejected(result));
				}
				return ResponseEntity.status(status(result)).body(IngestResponses.batch(result));
			});
	}

	private Mono<IngestResult> run(List<SubmittedEvent> events, Optional<IdempotencyKey> key, boolean validateOnly,
			ServerHttpRequest request) {
		return Mono.fromFuture(() -> ingest.ingest(
				IngestCommand.live(events, key, validateOnly, clients.flatMap(addresses -> addresses.ipOf(request)))));
	}

	private static HttpStatus status(IngestResult result) {
		return result.published() ? HttpStatus.ACCEPTED : HttpStatus.OK;
	}

	private static Optional<IdempotencyKey> idempotencyKey(String header) {
		if (header == null) {
			return Optional.empty();
		}
		return Optional.of(IdempotencyKey.parse(header)
			.orElseThrow(() -> ApiProblem.invalidRequest("Idempotency-Key", "The Idempotency-Key header must be 1 to "
					+ IdempotencyKey.MAX_LENGTH + " printable ASCII characters without spaces")));
	}

}
