package org.eventstream.model.event;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code geo} object, as GA4 names its fields: where the event came from. Sent by the
 * client, or filled by ingest from the client's address when the operator configured a
 * geolocation database (English names, as GA4's export writes them: {@code Europe},
 * {@code Germany}, {@code Berlin}, {@code Berlin}).
 */
public record Geo(Optional<String> continent, Optional<String> country, Optional<String> region,
		Optional<String> city) {

	public static final Geo EMPTY = new Geo(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

	public Geo {
		Objects.requireNonNull(continent, "continent");
		Objects.requireNonNull(country, "country");
		Objects.requireNonNull(region, "region");
		Objects.requireNonNull(city, "city");
	}

	public boolean isEmpty() {
		return equals(EMPTY);
	}

}
