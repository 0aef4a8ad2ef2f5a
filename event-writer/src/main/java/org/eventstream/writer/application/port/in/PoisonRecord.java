package org.eventstream.writer.application.port.in;

import java.util.Objects;

/**
 * A record no reader can turn into an event (not JSON, an unknown wire version, an
 * invalid event). It goes to the dead-letter topic, unchanged, with the reason; its
 * neighbours are written.
 */
public record PoisonRecord(SourcePosition position, byte[] key, byte[] value, String reason) {

	public PoisonRecord {
		Objects.requireNonNull(position, "position");
		Objects.requireNonNull(reason, "reason");
	}

}
