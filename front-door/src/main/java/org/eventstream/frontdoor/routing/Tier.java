package org.eventstream.frontdoor.routing;

import java.util.Optional;

/**
 * The tier that serves a path: the seed's API is one host, the services behind it are two
 * tiers that scale on their own.
 */
public enum Tier {

	/** {@code /events}, {@code /events/batch} and {@code /events/import}. */
	INGEST("ingest"),

	/** {@code /events/metrics}. */
	METRICS("metrics");

	private final String label;

	Tier(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

	/**
	 * Routing is by path only: a wrong method still reaches the tier, which answers 405
	 * with the methods it allows.
	 */
	public static Optional<Tier> forPath(String path) {
		return switch (path) {
			case "/events", "/events/", "/events/batch", "/events/batch/", "/events/import", "/events/import/" ->
				Optional.of(INGEST);
			case "/events/metrics", "/events/metrics/" -> Optional.of(METRICS);
			default -> Optional.empty();
		};
	}

}
