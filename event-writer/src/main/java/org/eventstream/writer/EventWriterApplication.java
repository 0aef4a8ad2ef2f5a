package org.eventstream.writer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The write tier: the events topic → ClickHouse, every event id stored once. */
@SpringBootApplication
public class EventWriterApplication {

	public static void main(String[] args) {
		SpringApplication.run(EventWriterApplication.class, args);
	}

}
