package org.eventstream.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The ingest tier: {@code POST /events}, {@code POST /events/batch} → Kafka. */
@SpringBootApplication
public class IngestApiApplication {

	public static void main(String[] args) {
		SpringApplication.run(IngestApiApplication.class, args);
	}

}
