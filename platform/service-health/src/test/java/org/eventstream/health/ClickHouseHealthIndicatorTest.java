package org.eventstream.health;

import java.time.Duration;

import com.clickhouse.client.api.Client;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.testinfra.ClickHouseEndpoint;
import org.eventstream.testinfra.FaultyTcpProxy;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class ClickHouseHealthIndicatorTest {

	@Test
	void upWhileClickHouseAnswersDownWhenItDoesNot() throws Exception {
		ClickHouseEndpoint endpoint = TestInfrastructure.clickHouse();
		try (FaultyTcpProxy proxy = FaultyTcpProxy.forUrl(endpoint.url());
				Client client = ClickHouseConnection
					.of(proxy.url(), endpoint.user(), endpoint.password(), "not_created_yet")
					.newClient()) {
			ClickHouseHealthIndicator indicator = new ClickHouseHealthIndicator(client, Duration.ofSeconds(2));
			assertThat(indicator.health().getStatus()).as("up before the service's database exists")
				.isEqualTo(Status.UP);

			proxy.mode(FaultyTcpProxy.Mode.REFUSE);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);

			proxy.mode(FaultyTcpProxy.Mode.SILENT);
			long started = System.nanoTime();
			assertThat(indicator.health().getStatus()).as("a server that accepts but never answers")
				.isEqualTo(Status.DOWN);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));

			proxy.mode(FaultyTcpProxy.Mode.FORWARD);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		}
	}

}
