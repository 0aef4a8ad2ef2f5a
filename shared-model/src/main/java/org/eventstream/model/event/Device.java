package org.eventstream.model.event;

import java.util.Optional;

/** The {@code device} object; every field is optional. */
public record Device(Optional<String> category, Optional<String> mobileBrandName, Optional<String> mobileModelName,
		Optional<String> operatingSystem, Optional<String> operatingSystemVersion, Optional<String> language,
		Optional<String> browserName, Optional<String> browserVersion, Optional<String> hostname) {

	public static final Device EMPTY = new Device(Optional.empty(), Optional.empty(), Optional.empty(),
			Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

	public Device {
		java.util.stream.Stream
			.of(category, mobileBrandName, mobileModelName, operatingSystem, operatingSystemVersion, language,
					browserName, browserVersion, hostname)
			.forEach(field -> java.util.Objects.requireNonNull(field, "device fields are Optional, never null"));
	}

}
