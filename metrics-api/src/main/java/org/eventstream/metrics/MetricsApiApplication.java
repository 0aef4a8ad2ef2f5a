package org.eventstream.metrics;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The read tier: {@code GET /events/metrics} from ClickHouse. */
@SpringBootApplication
public class MetricsApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(MetricsApiApplication.class, args);
	}

}
