package org.eventstream.health;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when ClickHouse answers {@code SELECT 1} within the timeout, DOWN otherwise. For
 * readiness, never liveness.
 *
 * <p>
 * The timeout is the request's network timeout: the client's {@code ping(timeout)} does
 * not bound a server that accepts the connection and then stays silent (measured here:
 * 160 s).
 */
public final class ClickHouseHealthIndicator implements HealthIndicator {

	private final Client client;

	private final Duration timeout;

	public ClickHouseHealthIndicator(Client client, Duration timeout) {
		this.client = client;
		this.timeout = timeout;
	}

	@Override
	public Health health() {
		// in "system", which always exists: the service's own database may not yet (the
		// writer creates it), and reaching the server is what this checks
		QuerySettings settings = new QuerySettings().setDatabase("system");
		settings.setNetworkTimeout(timeout.toMillis(), ChronoUnit.MILLIS);
		try (QueryResponse response = client.query("SELECT 1", settings).get()) {
			return Health.up().build();
		}
		catch (Exception ex) {
			return Health.down()
				.withDetail("error",
						"no answer from ClickHouse within " + timeout.toMillis() + " ms: " + ex.getMessage())
				.build();
		}
	}

}
