package org.eventstream.metrics.adapter.out.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * The connection to Redis, made in the background: an instance starts, and answers,
 * whether Redis is up or not. Until connected there are no commands (every read is a
 * miss); a failed attempt is retried {@value #RETRY_SECONDS} s later on the next request.
 * Once connected, Lettuce reconnects by itself, and commands sent while it is
 * disconnected fail at once instead of queueing.
 */
public final class RedisConnection implements AutoCloseable {

	static final int RETRY_SECONDS = 5;

	private final RedisClient client;

	private final RedisURI uri;

	private final Clock clock;

	private final AtomicBoolean connecting = new AtomicBoolean();

	private volatile StatefulRedisConnection<String, String> connection;

	private volatile Instant nextAttempt = Instant.MIN;

	/**
	 * A connection to the Redis at {@code url}, made when first asked for.
	 * @param timeout the longest a command or a connection attempt may take
	 */
	public RedisConnection(String url, Duration timeout, Clock clock) {
		this.uri = RedisURI.create(url);
		this.clock = clock;
		this.client = RedisClient.create();
		this.client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.socketOptions(SocketOptions.builder().connectTimeout(timeout.multipliedBy(10)).build())
			.build());
	}

	/** The commands, once connected. */
	Optional<RedisAsyncCommands<String, String>> commands() {
		StatefulRedisConnection<String, String> current = connection;
		if (current != null) {
			return Optional.of(current.async());
		}
		if (!clock.instant().isBefore(nextAttempt) && connecting.compareAndSet(false, true)) {
			client.connectAsync(StringCodec.UTF8, uri).whenComplete((made, failure) -> {
				if (failure == null) {
					connection = made;
				}
				else {
					nextAttempt = clock.instant().plusSeconds(RETRY_SECONDS);
				}
				connecting.set(false);
			});
		}
		return Optional.empty();
	}

	@Override
	public void close() {
		StatefulRedisConnection<String, String> current = connection;
		if (current != null) {
			current.close();
		}
		client.shutdown();
	}

}
