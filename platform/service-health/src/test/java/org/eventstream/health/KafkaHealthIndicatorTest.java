package org.eventstream.health;

import java.time.Duration;
import java.util.Map;

import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaHealthIndicatorTest {

	@Test
	void upWhileTheBrokerAnswersAndDownWithinTheTimeoutOnceItIsGone() throws Exception {
		TestInfrastructure.EmbeddedKafka broker = TestInfrastructure.privateKafka();
		KafkaHealthIndicator indicator = new KafkaHealthIndicator(
				Map.of("bootstrap.servers", broker.endpoint().bootstrapServers(), "linger.ms", 5),
				Duration.ofSeconds(2));
		try {
			Health up = indicator.health();
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("brokers", 1).containsKey("clusterId");

			broker.close();
			long started = System.nanoTime();
			Health down = indicator.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails().get("error").toString()).contains("no answer from Kafka within 2000 ms");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
		}
		finally {
			indicator.destroy();
			broker.close();
		}
	}

}
