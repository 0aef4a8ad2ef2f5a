package org.eventstream.ingest.adapter.in.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * The OpenAPI description of the ingest endpoints (Swagger UI at
 * {@code /swagger/index.html}).
 */
@Tag(name = "Ingest", description = "Send events")
interface IngestApiDocs {

	String SEED_EVENT = """
			{"name": "page_view", "channel_type": "web", "user_id": "user-123",
			 "device": {"operating_system": "Windows", "browser_name": "Chrome"},
			 "event_params": [{"key": "page_title", "string_value": "Home"}]}""";

	String SEED_BATCH = """
			{"events": [{"name": "page_view", "channel_type": "web", "user_id": "user-123"},
			            {"name": "button_click", "channel_type": "mobile", "user_id": "user-456"}]}""";

	@Operation(summary = "Send one event",
			description = "Answers once Kafka has durably accepted the event (202), with its stable id.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json",
							schema = @Schema(implementation = ApiSchemas.Event.class),
							examples = @ExampleObject(name = "seed", value = SEED_EVENT))))
	@ApiResponse(responseCode = "202", description = "Accepted and durably in Kafka",
			content = @Content(examples = @ExampleObject("{\"id\": \"550e8400-e29b-41d4-a716-446655440000\"}")))
	@ApiResponse(responseCode = "200", description = "validate_only=true: valid, nothing published")
	@ApiResponse(responseCode = "400", description = "Invalid event or malformed JSON (problem+json with every error)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "Over a size limit (the problem names it)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "Not application/json or text/plain, or not gzip/identity",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json"))
	Mono<ResponseEntity<IngestResponses.EventAccepted>> postEvent(@Parameter(hidden = true) ServerHttpRequest request,
			@Parameter(description = "Validate and identify only; publish nothing") boolean validateOnly,
			@Parameter(description = "Makes the event ids of this request reproducible: resend with the same key "
					+ "and get the same ids") String idempotencyKey);

	@Operation(summary = "Send a batch of events",
			description = "Valid events are accepted even when others are not: ids come back in request order, "
					+ "null where an event was rejected, and 'rejected' lists every problem by index.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/json",
							schema = @Schema(implementation = ApiSchemas.Batch.class),
							examples = @ExampleObject(name = "seed", value = SEED_BATCH))))
	@ApiResponse(responseCode = "202", description = "The valid events are durably in Kafka",
			content = @Content(examples = @ExampleObject("{\"ids\": [\"id-1\", null], \"rejected\": [{\"index\": 1, "
					+ "\"errors\": [{\"pointer\": \"/channel_type\", \"message\": \"must be one of: web, mobile, "
					+ "desktop, tv, console, other\"}]}]}")))
	@ApiResponse(responseCode = "200", description = "validate_only=true: validated, nothing published")
	@ApiResponse(responseCode = "400", description = "No valid event, or a malformed batch",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "Over a size limit, e.g. more than 1000 events",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json"))
	Mono<ResponseEntity<IngestResponses.BatchAccepted>> postBatch(@Parameter(hidden = true) ServerHttpRequest request,
			@Parameter(description = "Validate and identify only; publish nothing") boolean validateOnly,
			@Parameter(description = "Makes the event ids of this request reproducible") String idempotencyKey);

}
