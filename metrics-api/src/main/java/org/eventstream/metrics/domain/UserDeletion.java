package org.eventstream.metrics.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One deletion of a user (docs/DESIGN.md "Deleting a user"): the request, its progress
 * and, once done, its audit record.
 *
 * @param id the deletion's id (a UUID that sorts by time)
 * @param userKey the key deleted, matched against {@code user_id} and
 * {@code user_pseudo_id}
 * @param requestedBy the name of the admin key that asked
 * @param executor the metrics-api instance carrying it out
 * @param affectedHours the (name, channel, hour) keys of the user's events, recorded
 * before they are deleted
 * @param affectedUserKeys the keys those events were counted by
 * @param detail why the last attempt failed (it is retried), empty otherwise
 */
public record UserDeletion(String id, String userKey, String requestedBy, Instant requestedAt, Status status,
		Instant updatedAt, String executor, List<HourKey> affectedHours, List<String> affectedUserKeys,
		long eventsDeleted, long usersDeleted, long collisionsDeleted, long rollupRowsRebuilt,
		Optional<Instant> finishedAt, String detail) {

	public UserDeletion {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(userKey, "userKey");
		affectedHours = List.copyOf(affectedHours);
		affectedUserKeys = List.copyOf(affectedUserKeys);
	}

	public static UserDeletion queued(String id, String userKey, String requestedBy, Instant now, String executor) {
		return new UserDeletion(id, userKey, requestedBy, now, Status.QUEUED, now, executor, List.of(), List.of(), 0, 0,
				0, 0, Optional.empty(), "");
	}

	public UserDeletion with(Status newStatus, Instant now, String newDetail) {
		return new UserDeletion(id, userKey, requestedBy, requestedAt, newStatus, now, executor, affectedHours,
				affectedUserKeys, eventsDeleted, usersDeleted, collisionsDeleted, rollupRowsRebuilt,
				newStatus == Status.DONE ? Optional.of(now) : finishedAt, newDetail);
	}

	public UserDeletion claimedBy(String newExecutor, Instant now) {
		return new UserDeletion(id, userKey, requestedBy, requestedAt, Status.DELETING, now, newExecutor, affectedHours,
				affectedUserKeys, eventsDeleted, usersDeleted, collisionsDeleted, rollupRowsRebuilt, finishedAt,
				detail);
	}

	public UserDeletion affecting(List<HourKey> hours, List<String> userKeys, Instant now) {
		return new UserDeletion(id, userKey, requestedBy, requestedAt, status, now, executor, hours, userKeys,
				eventsDeleted, usersDeleted, collisionsDeleted, rollupRowsRebuilt, finishedAt, detail);
	}

	public UserDeletion counted(long events, long users, long collisions, long rollupRows) {
		return new UserDeletion(id, userKey, requestedBy, requestedAt, status, updatedAt, executor, affectedHours,
				affectedUserKeys, eventsDeleted + events, usersDeleted + users, collisionsDeleted + collisions,
				rollupRowsRebuilt + rollupRows, finishedAt, detail);
	}

	public enum Status {

		/** Accepted, or waiting to be retried after an error. */
		QUEUED,
		/** Being carried out: the writers hold their inserts meanwhile. */
		DELETING,
		/** Every row of the user is gone and the rollups are rebuilt. */
		DONE;

		public String label() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/** The rollup key of an hour: an event name, a channel and the hour's start. */
	public record HourKey(String eventName, String channelType, Instant hour) {
	}

}
