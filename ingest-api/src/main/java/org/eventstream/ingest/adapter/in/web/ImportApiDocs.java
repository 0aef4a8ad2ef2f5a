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

/** The OpenAPI description of {@code POST /events/import}. */
@Tag(name = "Ingest", description = "Send events")
interface ImportApiDocs {

	String EXAMPLE = """
			{"name": "page_view", "channel_type": "web", "user_id": "user-123", "timestamp": 1705314600}
			{"name": "purchase", "channel_type": "mobile", "user_id": "user-456", "date": "2023-06-01T12:00:00Z"}
			""";

	@Operation(summary = "Import history: one event per line (NDJSON)",
			description = "Streams the body (gzip allowed): lines are validated and published in chunks, each "
					+ "durably in Kafka before the next is read, and the answer comes after the last. Every event "
					+ "must carry its own time (timestamp or date); its id is its client id or derives from its "
					+ "content, so an import sent twice is stored once. Valid lines are accepted even when others "
					+ "are not; 'errors' lists rejected lines by line number (the first ones; all are counted). "
					+ "An import that stops part-way (Kafka down, a limit passed, the body cut) answers a problem "
					+ "with processed_through_line: resend from the next line, or resend it all.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "application/x-ndjson",
							schema = @Schema(type = "string", description = "one event per line"),
							examples = @ExampleObject(name = "two events", value = EXAMPLE))))
	@ApiResponse(responseCode = "202", description = "Every valid line is durably in Kafka",
			content = @Content(examples = @ExampleObject("{\"lines\": 3, \"accepted\": 2, \"rejected\": 1, "
					+ "\"errors\": [{\"line\": 2, \"errors\": [{\"pointer\": \"/timestamp\", \"message\": "
					+ "\"an imported event needs its own time: timestamp or date\"}]}], "
					+ "\"errors_truncated\": false}")))
	@ApiResponse(responseCode = "400", description = "No valid line, an empty body, or a body that is not gzip as said",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "Over the import's size limit (the problem says how far it got)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "Not application/x-ndjson, or not gzip/identity",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503",
			description = "Kafka unavailable, or too many imports at once; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json"))
	Mono<ResponseEntity<IngestResponses.ImportAccepted>> importEvents(
			@Parameter(hidden = true) ServerHttpRequest request);

}
