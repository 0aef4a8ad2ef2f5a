package org.eventstream.ingest.application.port.out;

import java.net.InetAddress;
import java.util.Optional;

import org.eventstream.model.event.Geo;

/**
 * Where a client address is, for events that do not say where they come from. The address
 * is only looked up, never kept.
 */
public interface GeoLocationPort {

	/** No geolocation database configured: nothing is ever located. */
	GeoLocationPort NONE = address -> Optional.empty();

	/**
	 * Empty when the address is not in the database (private ranges, unknown blocks) or
	 * the lookup failed; a lookup never fails an ingest.
	 */
	Optional<Geo> locate(InetAddress address);

}
