package org.eventstream.writer.application.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.in.EventBatch;
import org.eventstream.writer.application.port.in.StoreEventsUseCase;
import org.eventstream.writer.application.port.in.StoreResult;
import org.eventstream.writer.application.port.out.DeadLetterPort;
import org.eventstream.writer.application.port.out.FindStoredEventIdsPort;
import org.eventstream.writer.application.port.out.InsertEventsPort;
import org.eventstream.writer.application.port.out.RegisterUsersPort;
import org.eventstream.writer.application.port.out.UserDeletionsPort;
import org.eventstream.writer.application.port.out.UserDeletionsPort.Deletions;
import org.eventstream.writer.application.port.out.WritesHeldException;

/**
 * First write wins: of all the records carrying one event id, the earliest in the log is
 * stored and every later one is skipped, whether it comes later in the same batch, in a
 * later batch, or in a replay of this one.
 *
 * <p>
 * Steps: park the poison records; drop repeated ids within the batch; ask the store which
 * ids it already has; register the users of the rest (so that unique-user counts stay
 * exact, see {@link RegisterUsersPort}); insert the rest with a deduplication token
 * derived from exactly what is inserted. Every step can be repeated after a crash with
 * the same outcome, because the store answers "which ids do you have" from the inserted
 * rows themselves, and registering a user again changes nothing.
 *
 * <p>
 * Deleted users (see {@link UserDeletionsPort}): before anything is stored, the batch's
 * events of a deleted user key (as {@code user_id} or {@code user_pseudo_id}) that
 * happened before the deletion plus {@code deletedUserWindow} are dropped, so that what
 * was still in the topic, a resend and an SDK's late queue are not stored again; and
 * while a deletion rebuilds its rollups nothing is inserted ({@link WritesHeldException},
 * retried with back-off).
 *
 * <p>
 * With deduplication switched off (only for the fault suite's negative control, which
 * must see what a writer without it would store) every record is inserted as it comes,
 * without a deduplication token.
 */
public final class StoreEventsService implements StoreEventsUseCase {

	private final FindStoredEventIdsPort storedIds;

	private final InsertEventsPort inserter;

	private final RegisterUsersPort users;

	private final DeadLetterPort deadLetters;

	private final UserDeletionsPort deletions;

	private final Duration deletedUserWindow;

	private final boolean deduplicate;

	public StoreEventsService(FindStoredEventIdsPort storedIds, InsertEventsPort inserter, RegisterUsersPort users,
			DeadLetterPort deadLetters, UserDeletionsPort deletions, Duration deletedUserWindow) {
		this(storedIds, inserter, users, deadLetters, deletions, deletedUserWindow, true);
	}

	public StoreEventsService(FindStoredEventIdsPort storedIds, InsertEventsPort inserter, RegisterUsersPort users,
			DeadLetterPort deadLetters, UserDeletionsPort deletions, Duration deletedUserWindow, boolean deduplicate) {
		this.storedIds = storedIds;
		this.inserter = inserter;
		this.users = users;
		this.deadLetters = deadLetters;
		this.deletions = deletions;
		this.deletedUserWindow = deletedUserWindow;
		this.deduplicate = deduplicate;
	}

	@Override
	public StoreResult store(EventBatch batch) {
		if (!batch.poison().isEmpty()) {
			deadLetters.deadLetter(batch.poison());
		}
		List<ConsumedEvent> events = batch.events();
		if (!events.isEmpty()) {
			Deletions current = deletions.current();
			if (current.holdingWrites().isPresent()) {
				throw new WritesHeldException(current.holdingWrites().get());
			}
			events = withoutDeletedUsers(events, current);
		}
		int suppressed = batch.events().size() - events.size();
		if (!deduplicate) {
			if (!events.isEmpty()) {
				users.register(userKeys(events));
				inserter.insert(events, null);
			}
			return new StoreResult(events.size(), 0, batch.poison().size(), suppressed);
		}
		Map<String, ConsumedEvent> firstById = new LinkedHashMap<>();
		for (ConsumedEvent event : events) {
			firstById.putIfAbsent(event.id(), event);
		}
		Set<String> alreadyStored = firstById.isEmpty() ? Set.of() : storedIds.findStored(firstById.keySet());
		List<ConsumedEvent> fresh = new ArrayList<>(firstById.size());
		for (ConsumedEvent event : firstById.values()) {
			if (!alreadyStored.contains(event.id())) {
				fresh.add(event);
			}
		}
		if (!fresh.isEmpty()) {
			users.register(userKeys(fresh));
			inserter.insert(fresh, deduplicationToken(fresh));
		}
		return new StoreResult(fresh.size(), events.size() - fresh.size(), batch.poison().size(), suppressed);
	}

	private List<ConsumedEvent> withoutDeletedUsers(List<ConsumedEvent> events, Deletions current) {
		if (current.deletedAt().isEmpty()) {
			return events;
		}
		List<ConsumedEvent> kept = new ArrayList<>(events.size());
		for (ConsumedEvent event : events) {
			if (!deleted(event.event().userId(), event, current)
					&& !deleted(event.event().userPseudoId(), event, current)) {
				kept.add(event);
			}
		}
		return kept;
	}

	private boolean deleted(String userKey, ConsumedEvent event, Deletions current) {
		Instant deletedAt = userKey.isEmpty() ? null : current.deletedAt().get(userKey);
		return deletedAt != null && event.event().eventTime().isBefore(deletedAt.plus(deletedUserWindow));
	}

	private static Set<String> userKeys(List<ConsumedEvent> events) {
		Set<String> keys = new LinkedHashSet<>();
		for (ConsumedEvent event : events) {
			if (!event.userKey().isEmpty()) {
				keys.add(event.userKey());
			}
		}
		return keys;
	}

	/**
	 * Derived from the ids and positions inserted: a retry of the same insert carries the
	 * same token.
	 */
	static String deduplicationToken(List<ConsumedEvent> events) {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		for (ConsumedEvent event : events) {
			digest.update((event.position().partition() + ":" + event.position().offset() + ":" + event.id() + "\n")
				.getBytes(StandardCharsets.UTF_8));
		}
		return "events-" + HexFormat.of().formatHex(digest.digest());
	}

}
