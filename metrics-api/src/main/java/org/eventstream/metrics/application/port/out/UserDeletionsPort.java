package org.eventstream.metrics.application.port.out;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
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

	/** The rollup keys of the events of {@code userKey}. */
	List<HourKey> hoursOf(String userKey);

	/** The keys the events of {@code userKey} are counted by. */
	List<String> countedKeysOf(String userKey);

	/** Deletes every event of {@code userKey}; returns how many there were. */
	long deleteEvents(String userKey);

	/**
	 * Removes those of {@code userKeys} that no stored event is counted by any more from
	 * the user registry and the collision records.
	 * @return rows deleted from the registry and from the collision records
	 */
	long[] deleteUnusedKeys(Collection<String> userKeys);

	/**
	 * Rebuilds every rollup's rows of these hours from the stored events; returns how
	 * many rollup rows were written.
	 */
	long rebuildRollups(Collection<HourKey> hours);

}
