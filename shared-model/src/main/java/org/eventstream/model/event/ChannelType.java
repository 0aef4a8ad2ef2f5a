package org.eventstream.model.event;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kind of client an event came from, as the SDKs report it in {@code channel_type}.
 */
public enum ChannelType {

	WEB, MOBILE, DESKTOP, TV, CONSOLE, OTHER;

	private static final List<String> WIRE_NAMES = Arrays.stream(values()).map(ChannelType::wireName).toList();

	// computed once: every event is read and written with it
	private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

	/** The name used in JSON, in ClickHouse and in query parameters: lower case. */
	public String wireName() {
		return wireName;
	}

	/** Every accepted wire name, in declaration order, for error messages. */
	public static List<String> wireNames() {
		return WIRE_NAMES;
	}

	public static Optional<ChannelType> fromWireName(String name) {
		for (ChannelType type : values()) {
			if (type.wireName.equals(name)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}
