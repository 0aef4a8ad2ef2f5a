package org.eventstream.model.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One analytics event as the client described it, after validation: every field of the
 * GA4-style schema.
 *
 * <p>
 * Instances are only built from valid input (see {@code EventReader}); the constructor
 * guards the invariants that the rest of the code relies on. Optional string fields are
 * never present and empty.
 *
 * @param clientId the client's own idempotency key for this event ({@code id}), when it
 * sent one
 * @param geo where the event came from, as the client said or as ingest looked it up
 * @param sentAt the client clock when the request was sent, used to correct clock skew
 */
public record Event(Optional<String> clientId, String name, ChannelType channelType, Optional<EpochTimestamp> timestamp,
		Optional<EpochTimestamp> previousTimestamp, Optional<Instant> date, Optional<String> userId,
		Optional<String> userPseudoId, List<Param> eventParams, List<Param> userParams, Optional<Device> device,
		Optional<AppInfo> appInfo, Optional<Geo> geo, List<Item> items, Optional<Instant> sentAt) {

	public Event {
		Objects.requireNonNull(clientId, "clientId");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(channelType, "channelType");
		Objects.requireNonNull(timestamp, "timestamp");
		Objects.requireNonNull(previousTimestamp, "previousTimestamp");
		Objects.requireNonNull(date, "date");
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(userPseudoId, "userPseudoId");
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(appInfo, "appInfo");
		Objects.requireNonNull(geo, "geo");
		Objects.requireNonNull(sentAt, "sentAt");
		eventParams = List.copyOf(eventParams);
		userParams = List.copyOf(userParams);
		items = List.copyOf(items);
		if (name.isBlank()) {
			throw new IllegalArgumentException("an event needs a name");
		}
	}

	/**
	 * Whether the client said when the event happened ({@code timestamp} or
	 * {@code date}).
	 */
	public boolean carriesItsOwnTime() {
		return timestamp.isPresent() || date.isPresent();
	}

	/**
	 * The client's own time of the event, uncorrected: {@code timestamp} when present (it
	 * is the more precise), otherwise {@code date}.
	 */
	public Optional<Instant> clientTime() {
		return timestamp.map(EpochTimestamp::toInstant).or(() -> date);
	}

	/**
	 * Who the event is about, for unique-user counts: {@code user_id}, or
	 * {@code user_pseudo_id} when there is no user id. Empty when the event has neither.
	 */
	public Optional<String> userKey() {
		return userId.or(() -> userPseudoId);
	}

	/** This event with {@code geo} in place of its own. */
	public Event withGeo(Geo geo) {
		return new Event(clientId, name, channelType, timestamp, previousTimestamp, date, userId, userPseudoId,
				eventParams, userParams, device, appInfo, geo.isEmpty() ? Optional.empty() : Optional.of(geo), items,
				sentAt);
	}

}
