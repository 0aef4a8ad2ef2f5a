package org.eventstream.ingest.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.eventstream.ingest.adapter.out.geoip.MaxMindDatabaseFile;
import org.eventstream.model.event.Geo;
import org.eventstream.model.wire.EventWireFormat;
import org.eventstream.model.wire.EventWireFormat.WireDecoding;
import org.eventstream.testinfra.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a geolocation database configured, a live event that does not say where it comes
 * from is located by its client's address (behind a trusted proxy: the forwarded one);
 * the address itself goes nowhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestWithGeolocationIntegrationTest {

	private static final String TOPIC = "events-geo-" + System.nanoTime();

	private static final String LONDON_ADDRESS = "81.2.69.160";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.kafka().bootstrapServers());
		registry.add("event-stream.ingest.kafka.topic", () -> TOPIC);
		registry.add("event-stream.ingest.geoip.database", IngestWithGeolocationIntegrationTest::database);
	}

	private static String database() {
		try {
			Path file = Files.createTempFile("geo-city", ".mmdb");
			file.toFile().deleteOnExit();
			new MaxMindDatabaseFile("GeoLite2-City")
				.network("81.2.69.0", 24, Map.of("continent", names("Europe"), "country", names("United Kingdom"),
						"subdivisions", java.util.List.of(names("England")), "city", names("London")))
				.writeTo(file);
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@LocalServerPort
	int port;

	@Test
	void anEventWithoutGeoIsLocatedByTheForwardedAddressAndOneWithItsOwnKeepsIt() {
		WebTestClient web = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
		String batch = "{\"events\":[{\"id\":\"geo-1\",\"name\":\"page_view\",\"channel_type\":\"web\"},"
				+ "{\"id\":\"geo-2\",\"name\":\"page_view\",\"channel_type\":\"web\","
				+ "\"geo\":{\"country\":\"France\",\"city\":\"Lyon\"}}]}";

		web.post()
			.uri("/events/batch")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Forwarded-For", "6.6.6.6, " + LONDON_ADDRESS)
			.bodyValue(batch)
			.exchange()
			.expectStatus()
			.isAccepted();

		byte[] located = record("geo-1");
		assertThat(geo(located)).contains(new Geo(Optional.of("Europe"), Optional.of("United Kingdom"),
				Optional.of("England"), Optional.of("London")));
		assertThat(new String(located, StandardCharsets.ISO_8859_1)).doesNotContain(LONDON_ADDRESS);
		assertThat(geo(record("geo-2")))
			.contains(new Geo(Optional.empty(), Optional.of("France"), Optional.empty(), Optional.of("Lyon")));
	}

	private static byte[] record(String id) {
		return TopicReader.withKey(TestInfrastructure.kafka().bootstrapServers(), TOPIC, id, 1).get(0).value();
	}

	private static Optional<Geo> geo(byte[] record) {
		return ((WireDecoding.Decoded) new EventWireFormat().decode(record)).event().event().geo();
	}

	private static Map<String, Object> names(String english) {
		return Map.of("names", Map.of("en", english));
	}

}
