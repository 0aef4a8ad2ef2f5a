package org.eventstream.metrics.adapter.in.web;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.eventstream.metrics.application.port.in.DeleteUsersUseCase;
import org.eventstream.metrics.domain.UserDeletion;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.web.access.ApiAccessFilter;
import org.eventstream.web.problem.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code DELETE /users/{user_key}}, {@code GET /users/deletions/{id}} and
 * {@code GET /users/deletions}: admin keys only (api-access, scope admin).
 */
@RestController
@Tag(name = "Users", description = "Deleting a user's data, and the audit of deletions (admin key)")
public class UserDeletionController {

	/** The longest user key accepted (ingest-api's limit on user_id). */
	static final int MAX_USER_KEY = EventLimits.DEFAULTS.maxUserIdLength();

	static final int MAX_LIST = 1000;

	private final DeleteUsersUseCase deletions;

	public UserDeletionController(DeleteUsersUseCase deletions) {
		this.deletions = deletions;
	}

	@Operation(summary = "Delete every event of a user (as user_id or user_pseudo_id) and every trace of them",
			description = "Answers 202 at once; the deletion runs in the background (GET its status_url). Events of "
					+ "this key that happened before the deletion (plus the writer's deleted-user window, 30 days by "
					+ "default) are never stored again.")
	@ApiResponse(responseCode = "202", description = "Queued")
	@ApiResponse(responseCode = "400", description = "An empty or too long key")
	@ApiResponse(responseCode = "401", description = "No admin key")
	@DeleteMapping(path = "/users/{userKey}", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<ResponseEntity<DeletionResponse>> delete(@PathVariable String userKey, ServerWebExchange exchange) {
		if (userKey.isBlank() || userKey.length() > MAX_USER_KEY) {
			return Mono.error(Problems.exception(Problems.problem(HttpStatus.BAD_REQUEST, "invalid-user-key",
					"Invalid user key", "A user key is 1 to " + MAX_USER_KEY + " characters.")));
		}
		String requestedBy = exchange.getAttributeOrDefault(ApiAccessFilter.KEY_NAME, "");
		return Mono.fromCallable(() -> deletions.request(userKey, requestedBy))
			.subscribeOn(Schedulers.boundedElastic())
			.map(deletion -> ResponseEntity.accepted()
				.location(URI.create(statusUrl(deletion)))
				.body(DeletionResponse.of(deletion)));
	}

	@Operation(summary = "A deletion's progress, and once done its audit record")
	@ApiResponse(responseCode = "200", description = "status: queued, deleting or done")
	@ApiResponse(responseCode = "404", description = "No deletion with this id")
	@GetMapping(path = "/users/deletions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<DeletionResponse> status(@PathVariable String id) {
		return Mono.fromCallable(() -> deletions.find(id))
			.subscribeOn(Schedulers.boundedElastic())
			.map(found -> found.map(DeletionResponse::of)
				.orElseThrow(() -> Problems.exception(Problems.problem(HttpStatus.NOT_FOUND, "deletion-not-found",
						"Deletion not found", "No deletion has the id " + id + "."))));
	}

	@Operation(summary = "The audit of deletions, newest first")
	@GetMapping(path = "/users/deletions", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<List<DeletionResponse>> audit(@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIST) {
			return Mono.error(Problems.exception(Problems.problem(HttpStatus.BAD_REQUEST, "invalid-parameter",
					"Invalid parameter", "limit must be 1 to " + MAX_LIST + ".")));
		}
		return Mono.fromCallable(() -> deletions.recent(limit))
			.subscribeOn(Schedulers.boundedElastic())
			.map(list -> list.stream().map(DeletionResponse::of).toList());
	}

	private static String statusUrl(UserDeletion deletion) {
		return "/users/deletions/" + deletion.id();
	}

	/** A deletion as the API shows it. */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record DeletionResponse(@JsonProperty("deletion_id") String deletionId, @JsonProperty("user_key") String userKey,
			String status, @JsonProperty("requested_by") String requestedBy,
			@JsonProperty("requested_at") String requestedAt, @JsonProperty("finished_at") String finishedAt,
			@JsonProperty("status_url") String statusUrl, @JsonProperty("rows_deleted") Rows rowsDeleted,
			@JsonProperty("rollup_rows_rebuilt") long rollupRowsRebuilt,
			@JsonProperty("hours_affected") int hoursAffected, String detail) {

		record Rows(long events, long users, @JsonProperty("user_hash64_collisions") long collisions) {
		}

		static DeletionResponse of(UserDeletion d) {
			return new DeletionResponse(d.id(), d.userKey(), d.status().label(), d.requestedBy(),
					d.requestedAt().toString(), d.finishedAt().map(Object::toString).orElse(null),
					UserDeletionController.statusUrl(d),
					new Rows(d.eventsDeleted(), d.usersDeleted(), d.collisionsDeleted()), d.rollupRowsRebuilt(),
					d.affectedHours().size(), d.detail());
		}

	}

}
