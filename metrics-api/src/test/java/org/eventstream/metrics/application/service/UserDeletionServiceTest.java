package org.eventstream.metrics.application.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.eventstream.metrics.application.port.out.MetricsUnavailableException;
import org.eventstream.metrics.application.port.out.UserDeletionsPort;
import org.eventstream.metrics.application.port.out.UserDeletionsPort.Traces;
import org.eventstream.metrics.domain.UserDeletion;
import org.eventstream.metrics.domain.UserDeletion.HourKey;
import org.eventstream.metrics.domain.UserDeletion.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UserDeletionServiceTest {

	private static final HourKey HOUR = new HourKey("page_view", "web", Instant.parse("2026-11-01T10:00:00Z"));

	/** A store that records what was asked of it, in order. */
	static final class RecordingStore implements UserDeletionsPort {

		final List<String> log = new CopyOnWriteArrayList<>();

		final Map<String, UserDeletion> latest = new ConcurrentHashMap<>();

		final AtomicInteger failuresLeft = new AtomicInteger();

		final List<List<String>> deletedKeys = new CopyOnWriteArrayList<>();

		@Override
		public void save(UserDeletion deletion) {
			log.add("save " + deletion.status().label());
			latest.put(deletion.id(), deletion);
		}

		@Override
		public Optional<UserDeletion> find(String deletionId) {
			return Optional.ofNullable(latest.get(deletionId));
		}

		@Override
		public List<UserDeletion> recent(int limit) {
			return List.copyOf(latest.values());
		}

		@Override
		public List<UserDeletion> unfinished(String executor, Duration abandonedAfter) {
			return latest.values().stream().filter(d -> d.status() != Status.DONE).toList();
		}

		@Override
		public Map<String, Traces> tracesOf(Collection<String> userKeys) {
			// once the events are gone, nothing is found: the recorded traces must carry
			// over
			if (log.contains("deleteEvents")) {
				return Map.of();
			}
			Map<String, Traces> traces = new java.util.HashMap<>();
			userKeys.forEach(key -> traces.put(key, new Traces(List.of(HOUR), List.of("alias"), 3)));
			return traces;
		}

		@Override
		public void deleteEvents(Collection<String> userKeys) {
			if (failuresLeft.getAndDecrement() > 0) {
				log.add("deleteEvents failed");
				throw new MetricsUnavailableException("ClickHouse down", null);
			}
			log.add("deleteEvents");
			deletedKeys.add(List.copyOf(userKeys));
		}

		@Override
		public long[] countUnusedKeys(Collection<String> userKeys) {
			return new long[] { 2, 1 };
		}

		@Override
		public void deleteUnusedKeys(Collection<String> userKeys) {
			log.add("deleteUnusedKeys " + userKeys);
		}

		@Override
		public long rebuildRollups(Collection<HourKey> hours) {
			log.add("rebuildRollups " + hours.size());
			return 4;
		}

	}

	private final RecordingStore store = new RecordingStore();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final ExecutorService rounds = Executors.newSingleThreadExecutor();

	private final AtomicInteger ids = new AtomicInteger();

	private final UserDeletionService service = new UserDeletionService(store, Clock.systemUTC(),
			() -> "d-" + ids.incrementAndGet(), "me", scheduler, rounds, new UserDeletionService.Settings(
					Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMinutes(2), Duration.ofMillis(100)));

	@AfterEach
	void stop() {
		scheduler.shutdownNow();
		rounds.shutdownNow();
	}

	@Test
	void holdsTheWritersThenDeletesThenRebuildsThenRecordsTheCounts() throws Exception {
		service.start();
		UserDeletion queued = service.request("gone", "ops");
		assertThat(queued.status()).isEqualTo(Status.QUEUED);
		assertThat(queued.requestedBy()).isEqualTo("ops");

		UserDeletion done = awaitDone(queued.id());

		assertThat(store.log).containsSubsequence("save queued", "save deleting", "deleteEvents",
				"deleteUnusedKeys [gone, alias]", "rebuildRollups 1", "save done");
		assertThat(store.log.subList(0, store.log.indexOf("deleteEvents")))
			.as("refreshed while the round waited for inserts in flight")
			.filteredOn("save deleting"::equals)
			.hasSizeGreaterThan(1);
		assertThat(
				List.of(done.eventsDeleted(), done.usersDeleted(), done.collisionsDeleted(), done.rollupRowsRebuilt()))
			.containsExactly(3L, 2L, 1L, 4L);
		assertThat(done.finishedAt()).isPresent();
	}

	@Test
	void theDeletionsOfARoundAreCarriedOutByOneMutation() throws Exception {
		CountDownLatch bothAsked = new CountDownLatch(1);
		rounds.execute(() -> {
			try {
				bothAsked.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		UserDeletion first = service.request("gone-1", "ops");
		UserDeletion second = service.request("gone-2", "ops");
		bothAsked.countDown();

		awaitDone(first.id());
		awaitDone(second.id());

		assertThat(store.deletedKeys).singleElement()
			.satisfies(keys -> assertThat(keys).containsExactlyInAnyOrder("gone-1", "gone-2"));
	}

	@Test
	void aFailedDeletionIsQueuedWithItsErrorAndFinishedByALaterRoundWithTheHoursItRecorded() throws Exception {
		store.failuresLeft.set(1);
		service.start();
		UserDeletion queued = service.request("gone", "ops");

		UserDeletion done = awaitDone(queued.id());

		assertThat(store.log).containsSubsequence("save deleting", "deleteEvents failed", "save queued",
				"save deleting", "deleteEvents", "rebuildRollups 1", "save done");
		assertThat(done.affectedHours()).containsExactly(HOUR);
		assertThat(done.affectedUserKeys()).contains("alias");
	}

	@Test
	void aRoundStoppedDuringItsWaitDeletesNothing() throws Exception {
		UserDeletionService patient = new UserDeletionService(store, Clock.systemUTC(), () -> "d-long", "me", scheduler,
				rounds, new UserDeletionService.Settings(Duration.ofSeconds(30), Duration.ofMillis(50),
						Duration.ofMinutes(2), Duration.ofSeconds(30)));
		patient.request("gone", "ops");
		await().atMost(Duration.ofSeconds(5)).until(() -> store.log.contains("save deleting"));

		rounds.shutdownNow();
		assertThat(rounds.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

		assertThat(store.log).doesNotContain("deleteEvents", "save done");
	}

	private UserDeletion awaitDone(String id) {
		await().alias("done within 10 s").atMost(Duration.ofSeconds(10)).until(() -> {
			UserDeletion latest = store.latest.get(id);
			return latest != null && latest.status() == Status.DONE;
		});
		return store.latest.get(id);
	}

}
