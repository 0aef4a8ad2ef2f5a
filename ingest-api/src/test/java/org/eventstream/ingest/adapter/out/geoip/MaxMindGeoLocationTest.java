package org.eventstream.ingest.adapter.out.geoip;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eventstream.model.event.Geo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class MaxMindGeoLocationTest {

	@TempDir
	Path dir;

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@Test
	void readsTheEnglishNamesOfAGeoIp2CityRecordAsGa4Reports() throws Exception {
		Path file = dir.resolve("city.mmdb");
		new MaxMindDatabaseFile("GeoLite2-City").network("81.2.69.0", 24, cityRecord())
			.network("2a02:8100::", 32, Map.of("continent", names("Europe"), "country", names("Germany")))
			.network("175.16.199.0", 24,
					Map.of("continent", names("Asia"), "country", names("China"), "city",
							Map.of("geoname_id", 2038180, "names", Map.of("de", "Changchun (Stadt)"))))
			.writeTo(file);

		try (var geo = MaxMindGeoLocation.open(file, meters)) {
			assertThat(geo.locate(InetAddress.getByName("81.2.69.160"))).contains(new Geo(Optional.of("Europe"),
					Optional.of("United Kingdom"), Optional.of("England"), Optional.of("London")));
			assertThat(geo.locate(InetAddress.getByName("2a02:8100:1:2::3")))
				.contains(new Geo(Optional.of("Europe"), Optional.of("Germany"), Optional.empty(), Optional.empty()));
			assertThat(geo.locate(InetAddress.getByName("175.16.199.1"))).as("no English name: no city")
				.contains(new Geo(Optional.of("Asia"), Optional.of("China"), Optional.empty(), Optional.empty()));
			assertThat(geo.locate(InetAddress.getByName("81.2.70.1"))).as("outside every network").isEmpty();
			assertThat(geo.locate(InetAddress.getByName("10.0.0.1"))).isEmpty();
		}
		assertThat(meters.counter("event_stream_ingest_geolocation_lookups", "result", "located").count()).isEqualTo(3);
		assertThat(meters.counter("event_stream_ingest_geolocation_lookups", "result", "not_found").count())
			.isEqualTo(2);
	}

	@Test
	void aFileThatIsNotADatabaseFailsTheStartWithItsName() throws Exception {
		Path notADatabase = Files.writeString(dir.resolve("GeoLite2-City.mmdb"), "<html>403 Forbidden</html>");

		assertThatIllegalStateException().isThrownBy(() -> MaxMindGeoLocation.open(notADatabase, meters))
			.withMessageContaining("GeoLite2-City.mmdb")
			.withMessageContaining("event-stream.ingest.geoip.database");
		assertThatIllegalStateException().isThrownBy(() -> MaxMindGeoLocation.open(dir.resolve("missing.mmdb"), meters))
			.withMessageContaining("missing.mmdb");
	}

	/** The shape of GeoLite2-City's record for 81.2.69.160 (MaxMind's test data). */
	private static Map<String, Object> cityRecord() {
		return Map.of("city", Map.of("geoname_id", 2643743, "names", Map.of("de", "London", "en", "London")),
				"continent", Map.of("code", "EU", "geoname_id", 6255148, "names", Map.of("en", "Europe")), "country",
				Map.of("geoname_id", 2635167, "iso_code", "GB", "names", Map.of("en", "United Kingdom")), "location",
				Map.of("accuracy_radius", 10, "time_zone", "Europe/London"), "subdivisions",
				List.of(Map.of("geoname_id", 6269131, "iso_code", "ENG", "names", Map.of("en", "England"))));
	}

	private static Map<String, Object> names(String english) {
		return Map.of("names", Map.of("en", english));
	}

}
