package org.eventstream.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends events to Event Stream's {@code POST /events/batch} from a JVM: {@link #track}
 * queues an event and returns at once; one background thread sends batches by count
 * ({@code flushAt}) and time ({@code flushInterval}). A batch that fails for a reason
 * that may pass (no connection, 408, 429, 5xx) is sent again, with the same event ids,
 * after an exponential back-off that honours {@code Retry-After}; the server counts each
 * id once. A batch refused for good (400: invalid events, 401/403: the key) is given to
 * the {@link Listener} and not sent again; a 413 is split in halves.
 *
 * <p>
 * The queue is bounded ({@code maxQueue}): while it is full, {@link #track} waits
 * (back-pressure) and {@link #offer} answers {@code false}. {@link #close()} sends what
 * is queued, retrying until {@code closeTimeout}, and says what it could not send.
 *
 * <pre>{@code
 * try (EventStreamClient events = EventStreamClient.builder(URI.create("https://events.example.com"))
 * 	.writeKey(System.getenv("EVENT_STREAM_WRITE_KEY"))
 * 	.build()) {
 * 	events.track(Event.builder("purchase", "mobile").userId("user-123").param("value", 59.98).build());
 * }
 * }</pre>
 */
public final class EventStreamClient implements AutoCloseable {

	/** What happened to events that were not sent. */
	public interface Listener {

		/**
		 * The API refused these events for good (its problem+json answer as text), or the
		 * client gave up on them at close.
		 */
		void onFailure(List<Event> events, int status, String answer);

	}

	private final HttpClient http;

	private final URI batchUri;

	private final String writeKey;

	private final int flushAt;

	private final Duration flushInterval;

	private final int maxQueue;

	private final Duration maxRetryDelay;

	private final Duration closeTimeout;

	private final Listener listener;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = lock.newCondition();

	private final ArrayDeque<Event> queue = new ArrayDeque<>();

	private final Thread sender;

	/** Events handled (sent or given up on), and events tracked, for {@link #flush}. */
	private long handled;

	private long tracked;

	private boolean flushRequested;

	private boolean closing;

	private Instant closeDeadline = Instant.MAX;

	private EventStreamClient(Builder builder) {
		this.http = (builder.http != null) ? builder.http
				: HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		this.batchUri = URI.create(builder.endpoint.toString().replaceAll("/+$", "") + "/events/batch");
		this.writeKey = builder.writeKey;
		this.flushAt = builder.flushAt;
		this.flushInterval = builder.flushInterval;
		this.maxQueue = builder.maxQueue;
		this.maxRetryDelay = builder.maxRetryDelay;
		this.closeTimeout = builder.closeTimeout;
		this.listener = builder.listener;
		this.sender = new Thread(this::run, "event-stream-client");
		this.sender.setDaemon(true);
		this.sender.start();
	}

	/**
	 * @param endpoint where the API is, e.g. {@code http://localhost:8080}
	 */
	public static Builder builder(URI endpoint) {
		return new Builder(endpoint);
	}

	/**
	 * Queues an event, waiting while the queue is full.
	 * @throws IllegalStateException once the client is closed
	 */
	public void track(Event event) throws InterruptedException {
		Objects.requireNonNull(event, "event");
		lock.lockInterruptibly();
		try {
			while (queue.size() >= maxQueue && !closing) {
				changed.await();
			}
			add(event);
		}
		finally {
			lock.unlock();
		}
	}

	/** Queues an event if there is room; {@code false} when the queue is full. */
	public boolean offer(Event event) {
		Objects.requireNonNull(event, "event");
		lock.lock();
		try {
			if (queue.size() >= maxQueue) {
				return false;
			}
			add(event);
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	private void add(Event event) {
		if (closing) {
			throw new IllegalStateException("this client is closed");
		}
		queue.add(event);
		tracked++;
		if (queue.size() >= flushAt) {
			changed.signalAll();
		}
	}

	/** Events waiting to be sent. */
	public int pending() {
		lock.lock();
		try {
			return queue.size();
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Sends what is queued now and waits until each of those events is sent or given up
	 * on.
	 * @return {@code false} if that took longer than {@code timeout}
	 */
	public boolean flush(Duration timeout) throws InterruptedException {
		lock.lockInterruptibly();
		try {
			long target = tracked;
			long deadline = System.nanoTime() + timeout.toNanos();
			flushRequested = true;
			changed.signalAll();
			while (handled < target) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				changed.awaitNanos(left);
			}
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Sends everything queued, retrying until {@code closeTimeout}, then stops; what
	 * could not be sent goes to the {@link Listener}.
	 */
	@Override
	public void close() {
		lock.lock();
		try {
			if (closing) {
				return;
			}
			closing = true;
			closeDeadline = Instant.now().plus(closeTimeout);
			changed.signalAll();
		}
		finally {
			lock.unlock();
		}
		try {
			sender.join(closeTimeout.plusSeconds(5).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void run() {
		int failures = 0;
		while (true) {
			List<Event> batch = nextBatch();
			if (batch == null) {
				return;
			}
			while (!batch.isEmpty()) {
				Outcome outcome = send(batch);
				if (outcome.done()) {
					batch = outcome.rest();
					failures = 0;
					continue;
				}
				failures++;
				long backOff = Math.min(maxRetryDelay.toMillis(), 1000L << Math.min(failures - 1, 16));
				long wait = Math.max(backOff / 2 + ThreadLocalRandom.current().nextLong(backOff / 2 + 1),
						outcome.retryAfterMillis());
				if (Instant.now().plusMillis(wait).isAfter(closeDeadline)) {
					giveUp(batch, outcome.status(), "not sent before close: " + outcome.answer());
					break;
				}
				sleep(wait);
			}
		}
	}

	/** The next batch, once one is due; {@code null} when closed and empty. */
	private List<Event> nextBatch() {
		lock.lock();
		try {
			long due = System.nanoTime() + flushInterval.toNanos();
			while (queue.size() < flushAt && !flushRequested && !closing && System.nanoTime() < due) {
				changed.awaitNanos(due - System.nanoTime());
			}
			if (queue.isEmpty()) {
				flushRequested = false;
				return closing ? null : List.of();
			}
			List<Event> batch = new ArrayList<>(Math.min(flushAt, queue.size()));
			while (batch.size() < flushAt && !queue.isEmpty()) {
				batch.add(queue.poll());
			}
			if (queue.isEmpty()) {
				flushRequested = false;
			}
			changed.signalAll();
			return batch;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * What became of a batch.
	 *
	 * @param done the first events are settled (sent, or refused for good)
	 * @param rest what is left to send of the batch (after a 413 split)
	 */
	private record Outcome(boolean done, List<Event> rest, int status, long retryAfterMillis, String answer) {
	}

	private Outcome send(List<Event> batch) {
		String sentAt = DateTimeFormatter.ISO_INSTANT.format(Instant.now());
		StringBuilder body = new StringBuilder(batch.size() * 300).append("{\"events\":[");
		for (int i = 0; i < batch.size(); i++) {
			String json = batch.get(i).json();
			body.append((i == 0) ? "" : ",").append(json, 0, json.length() - 1).append(",\"sent_at\":\"");
			body.append(sentAt).append("\"}");
		}
		body.append("]}");
		HttpRequest.Builder request = HttpRequest.newBuilder(batchUri)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
		if (writeKey != null) {
			request.header("X-API-Key", writeKey);
		}
		HttpResponse<String> response;
		try {
			response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			return new Outcome(false, batch, 0, 0, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(false, batch, 0, 0, "interrupted");
		}
		int status = response.statusCode();
		if (status == 413 && batch.size() > 1) {
			// the first half now, the rest after it
			Outcome first = send(batch.subList(0, batch.size() / 2));
			if (!first.done()) {
				return first;
			}
			List<Event> rest = new ArrayList<>(first.rest());
			rest.addAll(batch.subList(batch.size() / 2, batch.size()));
			return new Outcome(true, rest, status, 0, "");
		}
		if (status >= 500 || status == 408 || status == 429) {
			long retryAfter = response.headers().firstValue("Retry-After").map(EventStreamClient::seconds).orElse(0L)
					* 1000;
			return new Outcome(false, batch, status, retryAfter, response.body());
		}
		if (status >= 400) {
			giveUp(batch, status, response.body());
		}
		else {
			settle(batch.size());
			if (response.body().contains("\"rejected\"") && listener != null) {
				listener.onFailure(batch, status, response.body());
			}
		}
		return new Outcome(true, List.of(), status, 0, "");
	}

	private void giveUp(List<Event> batch, int status, String answer) {
		if (listener != null) {
			listener.onFailure(List.copyOf(batch), status, answer);
		}
		settle(batch.size());
	}

	private void settle(int events) {
		lock.lock();
		try {
			handled += events;
			changed.signalAll();
		}
		finally {
			lock.unlock();
		}
	}

	private static long seconds(String retryAfter) {
		try {
			return Math.max(0, Long.parseLong(retryAfter.trim()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public static final class Builder {

		private final URI endpoint;

		private String writeKey;

		private int flushAt = 100;

		private Duration flushInterval = Duration.ofSeconds(1);

		private int maxQueue = 10_000;

		private Duration maxRetryDelay = Duration.ofSeconds(30);

		private Duration closeTimeout = Duration.ofSeconds(30);

		private Listener listener;

		private HttpClient http;

		private Builder(URI endpoint) {
			this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
		}

		/** A write key, sent as {@code X-API-Key}; none where anonymous access is on. */
		public Builder writeKey(String writeKey) {
			this.writeKey = writeKey;
			return this;
		}

		/** Events per batch (default 100; the API takes up to 1,000). */
		public Builder flushAt(int flushAt) {
			if (flushAt < 1 || flushAt > 1000) {
				throw new IllegalArgumentException("flushAt must be 1 to 1000, the API's batch limit");
			}
			this.flushAt = flushAt;
			return this;
		}

		/** The longest an event waits for its batch (default 1 s). */
		public Builder flushInterval(Duration flushInterval) {
			this.flushInterval = Objects.requireNonNull(flushInterval, "flushInterval");
			return this;
		}

		/** Events queued at most; {@code track} waits beyond it (default 10,000). */
		public Builder maxQueue(int maxQueue) {
			if (maxQueue < 1) {
				throw new IllegalArgumentException("maxQueue must be at least 1");
			}
			this.maxQueue = maxQueue;
			return this;
		}

		/** The longest wait between retries (default 30 s). */
		public Builder maxRetryDelay(Duration maxRetryDelay) {
			this.maxRetryDelay = Objects.requireNonNull(maxRetryDelay, "maxRetryDelay");
			return this;
		}

		/**
		 * How long {@code close()} keeps trying to send what is queued (default 30 s).
		 */
		public Builder closeTimeout(Duration closeTimeout) {
			this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
			return this;
		}

		public Builder listener(Listener listener) {
			this.listener = listener;
			return this;
		}

		/** The HTTP client to use (default: a new one, 5 s connect timeout). */
		public Builder httpClient(HttpClient http) {
			this.http = Objects.requireNonNull(http, "http");
			return this;
		}

		public EventStreamClient build() {
			return new EventStreamClient(this);
		}

	}

}
