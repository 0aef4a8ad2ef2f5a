package org.eventstream.metrics.application.port.out;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eventstream.metrics.domain.UserDeletion;
import org.eventstream.metrics.domain.UserDeletion.HourKey;

/**
 * Where deletions are recorded and carried out. Every operation can be repeated with the
 * same outcome; each throws {@link MetricsUnavailableException} when the store cannot be
 * reached.
 */
public interface UserDeletionsPort {

	/** Records this state of a deletion (the latest recorded is its state). */
	void save(UserDeletion deletion);

	Optional<UserDeletion> find(String deletionId);

	List<UserDeletion> recent(int limit);

	/**
	 * Deletions to carry out: queued ones of {@code executor}, and any not done that
	 * nobody refreshed for {@code abandonedAfter}.
	 */
	List<UserDeletion> unfinished(String executor, Duration abandonedAfter);

	/**
	 * What the events of each of {@code userKeys} touch (keys without events are absent):
	 * one read for all of them.
	 */
	Map<String, Traces> tracesOf(Collection<String> userKeys);

	/**
	 * @param hours the rollup keys of the user's events
	 * @param countedKeys the keys those events are counted by
	 * @param events how many there are
	 */
	record Traces(List<HourKey> hours, List<String> countedKeys, long events) {
	}

	/** Deletes every event of these keys. */
	void deleteEvents(Collection<String> userKeys);

	/**
	 * Of {@code userKeys}, those no stored event is counted by any more: how many rows
	 * they have in the user registry and in the collision records.
	 */
	long[] countUnusedKeys(Collection<String> userKeys);

	/**
	 * Removes those of {@code userKeys} that no stored event is counted by any more from
	 * the user registry and the collision records.
	 */
	void deleteUnusedKeys(Collection<String> userKeys);

	/**
	 * Rebuilds every rollup's rows of these hours from the stored events; returns how
	 * many rollup rows were written.
	 */
	long rebuildRollups(Collection<HourKey> hours);

}
