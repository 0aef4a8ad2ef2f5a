package org.eventstream.model.event;

import java.util.Objects;
import java.util.Optional;

/** The {@code app_info} object: the application's id and version. */
public record AppInfo(Optional<String> id, Optional<String> version) {

	public AppInfo {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(version, "version");
	}

}
