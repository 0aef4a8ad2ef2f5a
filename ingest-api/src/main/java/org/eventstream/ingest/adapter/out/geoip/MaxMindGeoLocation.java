package org.eventstream.ingest.adapter.out.geoip;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eventstream.ingest.application.port.out.GeoLocationPort;
import org.eventstream.model.event.Geo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locates addresses in a MaxMind-format database file ({@code .mmdb}) the operator
 * provides: GeoLite2 / GeoIP2 City or Country, or DB-IP's lite City or Country, which
 * share GeoIP2's record layout. Read with MaxMind's own reader, memory-mapped, with its
 * cache of decoded records.
 *
 * <p>
 * Of a record it takes the English names GA4 reports: {@code continent}, {@code country},
 * the first (largest) of {@code subdivisions} as the region, and {@code city}. A Country
 * database fills no region or city.
 */
public final class MaxMindGeoLocation implements GeoLocationPort, Closeable {

	private static final Logger log = LoggerFactory.getLogger(MaxMindGeoLocation.class);

	private final Reader reader;

	private final Counter located;

	private final Counter notFound;

	private final Counter failed;

	private MaxMindGeoLocation(Reader reader, MeterRegistry meters) {
		this.reader = reader;
		String name = "event_stream_ingest_geolocation_lookups";
		this.located = meters.counter(name, "result", "located");
		this.notFound = meters.counter(name, "result", "not_found");
		this.failed = meters.counter(name, "result", "failed");
	}

	/**
	 * Opens the database, or fails with a message naming the file: an operator who
	 * configured one wants to know at start-up that it is not there.
	 */
	public static MaxMindGeoLocation open(Path file, MeterRegistry meters) {
		try {
			Reader reader = new Reader(file.toFile(), new CHMCache());
			Metadata metadata = reader.getMetadata();
			log.info("Geolocation from {}: {} built {}, IPv{} ", file, metadata.databaseType(), metadata.buildTime(),
					metadata.ipVersion());
			return new MaxMindGeoLocation(reader, meters);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("event-stream.ingest.geoip.database: cannot read " + file
					+ " as a MaxMind-format (.mmdb) database: " + ex.getMessage(), ex);
		}
	}

	@Override
	public Optional<Geo> locate(InetAddress address) {
		try {
			Map<?, ?> record = reader.get(address, Map.class);
			Optional<Geo> geo = Optional.ofNullable(record).map(MaxMindGeoLocation::geo).filter(g -> !g.isEmpty());
			(geo.isPresent() ? located : notFound).increment();
			return geo;
		}
		catch (IOException | RuntimeException ex) {
			// an IPv6 address in an IPv4-only database, a damaged file: the event goes
			// without
			failed.increment();
			return Optional.empty();
		}
	}

	static Geo geo(Map<?, ?> record) {
		Optional<Map<?, ?>> region = (record.get("subdivisions") instanceof List<?> subdivisions
				&& !subdivisions.isEmpty() && subdivisions.get(0) instanceof Map<?, ?> first) ? Optional.of(first)
						: Optional.empty();
		return new Geo(englishName(record.get("continent")), englishName(record.get("country")),
				region.flatMap(MaxMindGeoLocation::englishName), englishName(record.get("city")));
	}

	private static Optional<String> englishName(Object place) {
		if (place instanceof Map<?, ?> fields && fields.get("names") instanceof Map<?, ?> names
				&& names.get("en") instanceof String name && !name.isBlank()) {
			return Optional.of(name);
		}
		return Optional.empty();
	}

	@Override
	public void close() throws IOException {
		reader.close();
	}

}
