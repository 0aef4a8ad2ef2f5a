package org.eventstream.model.wire;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.Event;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.eventstream.model.validation.ValidationResult;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * The value of a Kafka record: written as {@link EventRecord} (version
 * {@value EventRecord#VERSION}, binary); read in that version, in version
 * {@value EventRecord#VERSION_WITHOUT_GEO} (binary, without {@code geo}) and in version
 * {@value #JSON_VERSION}, JSON, which the tier wrote before 0.2; older versions may still
 * be in the topic. The record key is the event id. A reader refuses versions it does not
 * know, so the format can change only by adding a version.
 *
 * <p>
 * Version {@value #JSON_VERSION} is one JSON object: the event in the API's own schema
 * (the same field names, the client's raw {@code timestamp} integers) without {@code id},
 * plus the envelope fields {@code v}, {@code id}, {@code id_source}, {@code received_at}
 * and {@code event_time} (RFC 3339, UTC, microseconds).
 */
public final class EventWireFormat {

	public static final int JSON_VERSION = 1;

	/**
	 * Decoding checks types and shapes but not sizes: limits may be changed between the
	 * producer and the consumer, and an event already accepted must stay readable.
	 */
	private static final EventLimits NO_SIZE_LIMITS = new EventLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
			Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

	private static final List<String> ENVELOPE_FIELDS = List.of("v", "id", "id_source", "received_at", "event_time");

	private final JsonMapper mapper = JsonMapper.builder().build();

	private final EventReader reader = new EventReader(NO_SIZE_LIMITS);

	public byte[] encode(AcceptedEvent accepted) {
		return EventRecord.encode(accepted);
	}

	/**
	 * What a writer needs of a record (see {@link EventRecord#scan}); a version 2 record
	 * is upgraded to version 3 first, a version 1 record decoded and encoded again.
	 */
	public WireScan scan(byte[] value) {
		byte[] record = value;
		if (value != null && value.length > 0 && value[0] == EventRecord.VERSION_WITHOUT_GEO) {
			record = EventRecord.upgrade(value);
		}
		else if (value == null || value.length == 0 || value[0] != EventRecord.VERSION) {
			WireDecoding decoded = decode(value);
			if (!(decoded instanceof WireDecoding.Decoded ok)) {
				return (WireDecoding.Undecodable) decoded;
			}
			record = EventRecord.encode(ok.event());
		}
		try {
			return EventRecord.scan(record);
		}
		catch (RowBinaryInput.Malformed ex) {
			return malformed(ex);
		}
	}

	/**
	 * The version 1 encoding, which this tier no longer writes: for tests and tools that
	 * need a record as the tier before 0.2 wrote it.
	 */
	public byte[] encodeJson(AcceptedEvent accepted) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(768);
		try (JsonGenerator json = mapper.createGenerator(out)) {
			json.writeStartObject();
			json.writeNumberProperty("v", JSON_VERSION);
			json.writeStringProperty("id", accepted.id().value());
			json.writeStringProperty("id_source", accepted.id().source().wireName());
			json.writeStringProperty("received_at", WireTimes.format(accepted.receivedAt()));
			json.writeStringProperty("event_time", WireTimes.format(accepted.eventTime()));
			new EventJsonWriter(json).writeFields(accepted.event());
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	public WireDecoding decode(byte[] value) {
		if (value == null || value.length == 0) {
			return new WireDecoding.Undecodable("the record has no value");
		}
		if (value[0] == EventRecord.VERSION || value[0] == EventRecord.VERSION_WITHOUT_GEO) {
			try {
				return new WireDecoding.Decoded(EventRecord.decode(value));
			}
			catch (RowBinaryInput.Malformed | IllegalArgumentException | java.time.DateTimeException ex) {
				return malformed(ex);
			}
		}
		if (value[0] < ' ') {
			return new WireDecoding.Undecodable(
					"unknown wire format version " + value[0] + " (this reader knows 1, 2 and 3)");
		}
		Map<?, ?> tree;
		try {
			tree = mapper.readValue(value, Map.class);
		}
		catch (JacksonException ex) {
			return new WireDecoding.Undecodable("not a JSON object: " + ex.getOriginalMessage());
		}
		if (tree == null) {
			return new WireDecoding.Undecodable("the record value is JSON null");
		}
		return decodeTree(new LinkedHashMap<>(tree));
	}

	private static WireDecoding.Undecodable malformed(RuntimeException ex) {
		return new WireDecoding.Undecodable("a malformed binary record: " + ex.getMessage());
	}

	private WireDecoding decodeTree(Map<Object, Object> tree) {
		Object version = tree.get("v");
		if (!(version instanceof Integer v) || v != JSON_VERSION) {
			return new WireDecoding.Undecodable(
					"unknown JSON wire format version " + version + " (this reader knows " + JSON_VERSION + ")");
		}
		Object id = tree.get("id");
		Optional<IdSource> source = (tree.get("id_source") instanceof String s) ? IdSource.fromWireName(s)
				: Optional.empty();
		if (!(id instanceof String idText) || !EventId.isWellFormed(idText) || source.isEmpty()) {
			return new WireDecoding.Undecodable("missing or malformed id / id_source");
		}
		Optional<Instant> receivedAt = WireTimes.parse(tree.get("received_at"));
		Optional<Instant> eventTime = WireTimes.parse(tree.get("event_time"));
		if (receivedAt.isEmpty() || eventTime.isEmpty()) {
			return new WireDecoding.Undecodable("missing or malformed received_at / event_time");
		}
		ENVELOPE_FIELDS.forEach(tree::remove);
		if (source.get() == IdSource.CLIENT) {
			tree.put("id", idText);
		}
		ValidationResult result = reader.read(tree);
		if (result instanceof ValidationResult.Invalid invalid) {
			return new WireDecoding.Undecodable("invalid event: " + invalid.violations());
		}
		Event event = ((ValidationResult.Valid) result).event();
		return new WireDecoding.Decoded(
				new AcceptedEvent(new EventId(idText, source.get()), event, receivedAt.get(), eventTime.get()));
	}

	/** What a record value decodes to. */
	public sealed interface WireDecoding {

		record Decoded(AcceptedEvent event) implements WireDecoding {
		}

		/**
		 * A record no reader can turn into an event: it belongs in the dead-letter topic.
		 */
		record Undecodable(String reason) implements WireDecoding, WireScan {
		}

	}

	/** What a record value scans to. */
	public sealed interface WireScan permits EventRecord.Scanned, WireDecoding.Undecodable {

	}

	/** Times in the envelope: RFC 3339 in UTC with exactly six fractional digits. */
	static final class WireTimes {

		private static final java.time.format.DateTimeFormatter FORMAT = java.time.format.DateTimeFormatter
			.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX")
			.withZone(java.time.ZoneOffset.UTC);

		private WireTimes() {
		}

		static String format(Instant instant) {
			return FORMAT.format(instant);
		}

		static Optional<Instant> parse(Object value) {
			if (!(value instanceof String text)) {
				return Optional.empty();
			}
			try {
				return Optional.of(Instant.parse(text));
			}
			catch (DateTimeParseException ex) {
				return Optional.empty();
			}
		}

	}

}
