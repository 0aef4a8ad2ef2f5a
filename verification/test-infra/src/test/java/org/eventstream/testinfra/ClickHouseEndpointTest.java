package org.eventstream.testinfra;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(RealInfrastructure.class)
class ClickHouseEndpointTest {

	@Test
	void theOfficialClientReachesTheEndpoint(ClickHouseEndpoint clickHouse) {
		try (Client client = new Client.Builder().addEndpoint(clickHouse.url())
			.setUsername(clickHouse.user())
			.setPassword(clickHouse.password())
			.build()) {
			assertThat(client.ping()).isTrue();
			assertThat(client.queryAll("SELECT count() AS n FROM numbers(1000)").get(0).getLong("n")).isEqualTo(1000);
		}
	}

	@Test
	void everyTestGetsTheSameEndpoint() {
		assertThat(TestInfrastructure.clickHouse()).isSameAs(TestInfrastructure.clickHouse());
	}

}
