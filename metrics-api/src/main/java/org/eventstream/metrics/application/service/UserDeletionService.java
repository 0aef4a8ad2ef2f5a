package org.eventstream.metrics.application.service;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.eventstream.metrics.application.port.in.DeleteUsersUseCase;
import org.eventstream.metrics.application.port.out.UserDeletionsPort;
import org.eventstream.metrics.application.port.out.UserDeletionsPort.Traces;
import org.eventstream.metrics.domain.UserDeletion;
import org.eventstream.metrics.domain.UserDeletion.HourKey;
import org.eventstream.metrics.domain.UserDeletion.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries deletions out in rounds, one at a time per instance (docs/DESIGN.md "Deleting a
 * user"):
 * <ol>
 * <li>every deletion to do is marked {@code deleting} and refreshed every
 * {@code heartbeat} from then on: the writers hold their inserts while that is
 * fresh;</li>
 * <li>the round waits {@code writeHoldGrace} (longer than a writer's insert may take), so
 * that no insert begun before the hold is still running;</li>
 * <li>for each deletion: the user's rollup keys and counted keys are recorded, the events
 * deleted, the registry entries no event is counted by any more removed, the rollups of
 * those hours rebuilt from the remaining events, and the deletion marked
 * {@code done};</li>
 * <li>a deletion that failed goes back to {@code queued} with the error, and is retried
 * in the next round.</li>
 * </ol>
 * A round starts after each request and every {@code sweepInterval}; a round also takes
 * up deletions that another instance left unfinished for longer than
 * {@code abandonedAfter}.
 */
public final class UserDeletionService implements DeleteUsersUseCase {

	private static final Logger log = LoggerFactory.getLogger(UserDeletionService.class);

	private final UserDeletionsPort store;

	private final Clock clock;

	private final Supplier<String> ids;

	private final String executor;

	private final ScheduledExecutorService scheduler;

	private final ExecutorService rounds;

	private final AtomicBoolean roundPending = new AtomicBoolean();

	private final Settings settings;

	private final Map<String, UserDeletion> inProgress = new ConcurrentHashMap<>();

	private static final Traces NO_TRACES = new Traces(List.of(), List.of(), 0);

	/**
	 * @param writeHoldGrace how long a round waits after holding the writers
	 * @param heartbeat how often a deletion in progress is refreshed
	 * @param abandonedAfter when another instance's unfinished deletion is taken up
	 * @param sweepInterval how often a round looks for work without a request
	 */
	public record Settings(Duration writeHoldGrace, Duration heartbeat, Duration abandonedAfter,
			Duration sweepInterval) {
	}

	/**
	 * @param scheduler runs the heartbeat and the sweep's timer: it must never wait for a
	 * round, or the writers' hold would lapse during one
	 * @param rounds runs the rounds, one at a time (a single thread)
	 */
	public UserDeletionService(UserDeletionsPort store, Clock clock, Supplier<String> ids, String executor,
			ScheduledExecutorService scheduler, ExecutorService rounds, Settings settings) {
		this.store = store;
		this.clock = clock;
		this.ids = ids;
		this.executor = executor;
		this.scheduler = scheduler;
		this.rounds = rounds;
		this.settings = settings;
	}

	/** Starts the periodic rounds and the heartbeat. */
	public void start() {
		long sweep = settings.sweepInterval().toMillis();
		scheduler.scheduleWithFixedDelay(this::requestRound, sweep, sweep, TimeUnit.MILLISECONDS);
		long beat = settings.heartbeat().toMillis();
		scheduler.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
	}

	@Override
	public UserDeletion request(String userKey, String requestedBy) {
		UserDeletion deletion = UserDeletion.queued(ids.get(), userKey, requestedBy, clock.instant(), executor);
		store.save(deletion);
		log.info("deletion {} of a user queued by key {}", deletion.id(), requestedBy);
		requestRound();
		return deletion;
	}

	@Override
	public Optional<UserDeletion> find(String deletionId) {
		return store.find(deletionId);
	}

	@Override
	public List<UserDeletion> recent(int limit) {
		return store.recent(limit);
	}

	/**
	 * Asks for a round, unless one is already waiting to start (it will see this
	 * request's deletion too).
	 */
	private void requestRound() {
		if (roundPending.compareAndSet(false, true)) {
			rounds.execute(() -> {
				roundPending.set(false);
				round();
			});
		}
	}

	/** One round; runs on the rounds' single thread, so rounds never overlap. */
	void round() {
		List<UserDeletion> todo;
		try {
			todo = store.unfinished(executor, settings.abandonedAfter());
		}
		catch (RuntimeException ex) {
			log.warn("could not look for deletions to carry out: {}", ex.getMessage());
			return;
		}
		if (todo.isEmpty()) {
			return;
		}
		for (UserDeletion deletion : todo) {
			UserDeletion claimed = deletion.claimedBy(executor, clock.instant());
			inProgress.put(claimed.id(), claimed);
		}
		heartbeat();
		log.info("holding the writers for {} before deleting {} user(s)", settings.writeHoldGrace(), todo.size());
		if (!waited(settings.writeHoldGrace())) {
			// shutting down: an insert may still be in flight, so nothing is deleted; the
			// deletions stay
			// "deleting", stop being refreshed (the writers' hold lapses) and are taken
			// up again later
			inProgress.clear();
			return;
		}
		List<String> ids = todo.stream().map(UserDeletion::id).toList();
		try {
			carryOut(ids);
		}
		catch (RuntimeException ex) {
			log.warn("deletions {} failed, retried in the next round: {}", ids, ex.getMessage());
			for (String id : ids) {
				UserDeletion deletion = inProgress.remove(id);
				try {
					store.save(deletion.with(Status.QUEUED, clock.instant(), "retrying after: " + ex.getMessage()));
				}
				catch (RuntimeException again) {
					log.warn("could not record deletion {}'s failure: {}", id, again.getMessage());
				}
			}
		}
	}

	/**
	 * The round's deletions together: one mutation of the events for all their keys (a
	 * mutation rewrites every part holding one of the rows, so a hundred deletions cost
	 * about what one does), one of the registry, one rebuild of the union of their hours.
	 */
	private void carryOut(List<String> ids) {
		Set<String> userKeys = new LinkedHashSet<>();
		Set<String> countedKeys = new LinkedHashSet<>();
		Set<HourKey> hours = new LinkedHashSet<>();
		Map<String, Long> events = new HashMap<>();
		Map<String, Traces> traces = store
			.tracesOf(ids.stream().map(id -> inProgress.get(id).userKey()).collect(Collectors.toSet()));
		for (String id : ids) {
			UserDeletion deletion = inProgress.get(id);
			Traces found = traces.getOrDefault(deletion.userKey(), NO_TRACES);
			Set<HourKey> itsHours = new LinkedHashSet<>(deletion.affectedHours());
			itsHours.addAll(found.hours());
			Set<String> itsKeys = new LinkedHashSet<>(deletion.affectedUserKeys());
			itsKeys.add(deletion.userKey());
			itsKeys.addAll(found.countedKeys());
			events.put(id, found.events());
			deletion = deletion.affecting(new ArrayList<>(itsHours), new ArrayList<>(itsKeys), clock.instant());
			inProgress.put(id, deletion);
			store.save(deletion);
			userKeys.add(deletion.userKey());
			countedKeys.addAll(itsKeys);
			hours.addAll(itsHours);
		}
		store.deleteEvents(userKeys);
		Map<String, long[]> registry = new HashMap<>();
		for (String id : ids) {
			registry.put(id, store.countUnusedKeys(inProgress.get(id).affectedUserKeys()));
		}
		store.deleteUnusedKeys(countedKeys);
		long rollupRows = store.rebuildRollups(hours);
		for (String id : ids) {
			UserDeletion done = inProgress.get(id)
				.counted(events.get(id), registry.get(id)[0], registry.get(id)[1], rollupRows)
				.with(Status.DONE, clock.instant(), "");
			inProgress.remove(id);
			store.save(done);
			log.info("deletion {} done: {} events, {} registry entries; the round rebuilt {} rollup rows", id,
					done.eventsDeleted(), done.usersDeleted(), rollupRows);
		}
	}

	private void heartbeat() {
		for (UserDeletion deletion : inProgress.values()) {
			UserDeletion beat = deletion.with(Status.DELETING, clock.instant(), deletion.detail());
			try {
				if (inProgress.replace(deletion.id(), deletion, beat)) {
					store.save(beat);
				}
			}
			catch (RuntimeException ex) {
				log.warn("could not refresh deletion {}: {}", deletion.id(), ex.getMessage());
			}
		}
	}

	/** Whether the whole wait passed (not interrupted). */
	private static boolean waited(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
