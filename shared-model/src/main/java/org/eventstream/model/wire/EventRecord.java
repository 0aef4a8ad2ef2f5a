package org.eventstream.model.wire;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.AppInfo;
import org.eventstream.model.event.ChannelType;
import org.eventstream.model.event.Device;
import org.eventstream.model.event.EpochTimestamp;
import org.eventstream.model.event.Event;
import org.eventstream.model.event.EventId;
import org.eventstream.model.event.EventId.IdSource;
import org.eventstream.model.event.Geo;
import org.eventstream.model.event.Item;
import org.eventstream.model.event.Param;
import org.eventstream.model.event.ParamValue;

/**
 * Version {@value #VERSION} of a Kafka record's value: one accepted event as the byte
 * {@code 0x03} followed by the event's row in ClickHouse's RowBinary encoding, the
 * columns of {@link #COLUMNS} in that order. A writer stores a record without building
 * the event: it reads the row's values into the insert's columns and appends the record's
 * partition and offset (the events table's other columns are computed by ClickHouse).
 *
 * <p>
 * Absent strings are {@code ''}, absent numbers and client times {@code NULL}; so an
 * absent {@code device}, {@code app_info} or {@code geo} and one whose fields are all
 * absent are the same event, as they are in the table. Times are microseconds since the
 * epoch, UTC.
 *
 * <p>
 * Evolution: the first byte is the version (version 1, still read, is JSON and starts
 * with <code>{</code>). A new column is a new version with its own column list; readers
 * keep reading every older version and dead-letter a newer one, so writers are upgraded
 * before the tier that produces the new version. Version 2 is version 3 without the four
 * {@code geo_*} columns at its end: {@link #upgrade} appends them empty. docs/DESIGN.md,
 * "The Kafka record".
 */
public final class EventRecord {

	public static final int VERSION = 3;

	/** The version before {@code geo}: the same row without its last four columns. */
	public static final int VERSION_WITHOUT_GEO = 2;

	/** Where the row starts in a record's value. */
	public static final int ROW_OFFSET = 1;

	/** The events table's columns a version 3 row holds, in order. */
	public static final List<String> COLUMNS = List.of("event_id", "id_source", "event_name", "channel_type",
			"event_time", "received_at", "client_timestamp", "client_previous_timestamp", "client_date", "sent_at",
			"user_id", "user_pseudo_id", "event_params", "user_params", "device_category", "device_mobile_brand_name",
			"device_mobile_model_name", "device_operating_system", "device_operating_system_version", "device_language",
			"device_browser_name", "device_browser_version", "device_hostname", "app_id", "app_version", "items",
			"geo_continent", "geo_country", "geo_region", "geo_city");

	/**
	 * The {@code geo_*} columns that version 2 lacks, four empty strings in RowBinary.
	 */
	private static final int GEO_COLUMNS = 4;

	private EventRecord() {
	}

	/**
	 * Each encoding thread's buffer, reused for every record it encodes (a record is
	 * copied out of it at its exact size); one that grew past
	 * {@value #MAX_RETAINED_BYTES} bytes on an unusually large event is dropped after it.
	 */
	private static final ThreadLocal<RowBinaryOutput> BUFFERS = ThreadLocal
		.withInitial(() -> new RowBinaryOutput(4096));

	static final int MAX_RETAINED_BYTES = 256 * 1024;

	public static byte[] encode(AcceptedEvent accepted) {
		RowBinaryOutput out = BUFFERS.get();
		out.reset();
		write(accepted, out);
		byte[] record = out.toByteArray();
		if (out.capacity() > MAX_RETAINED_BYTES) {
			BUFFERS.remove();
		}
		return record;
	}

	private static void write(AcceptedEvent accepted, RowBinaryOutput out) {
		Event event = accepted.event();
		out.writeByte(VERSION);
		out.writeString(accepted.id().value());
		out.writeString(accepted.id().source().wireName());
		out.writeString(event.name());
		out.writeString(event.channelType().wireName());
		out.writeInt64(micros(accepted.eventTime()));
		out.writeInt64(micros(accepted.receivedAt()));
		nullable(out, event.timestamp().map(EpochTimestamp::value), RowBinaryOutput::writeInt64);
		nullable(out, event.previousTimestamp().map(EpochTimestamp::value), RowBinaryOutput::writeInt64);
		nullable(out, event.date().map(EventRecord::micros), RowBinaryOutput::writeInt64);
		nullable(out, event.sentAt().map(EventRecord::micros), RowBinaryOutput::writeInt64);
		out.writeString(event.userId().orElse(""));
		out.writeString(event.userPseudoId().orElse(""));
		params(out, event.eventParams());
		params(out, event.userParams());
		Device device = event.device().orElse(Device.EMPTY);
		out.writeString(device.category().orElse(""));
		out.writeString(device.mobileBrandName().orElse(""));
		out.writeString(device.mobileModelName().orElse(""));
		out.writeString(device.operatingSystem().orElse(""));
		out.writeString(device.operatingSystemVersion().orElse(""));
		out.writeString(device.language().orElse(""));
		out.writeString(device.browserName().orElse(""));
		out.writeString(device.browserVersion().orElse(""));
		out.writeString(device.hostname().orElse(""));
		out.writeString(event.appInfo().flatMap(AppInfo::id).orElse(""));
		out.writeString(event.appInfo().flatMap(AppInfo::version).orElse(""));
		out.writeVarInt(event.items().size());
		for (Item item : event.items()) {
			for (Optional<String> text : List.of(item.id(), item.name(), item.brand(), item.variant())) {
				nullable(out, text, RowBinaryOutput::writeString);
			}
			nullable(out, item.priceInUsd(), RowBinaryOutput::writeFloat64);
			nullable(out, item.quantity(), RowBinaryOutput::writeInt64);
			nullable(out, item.revenueInUsd(), RowBinaryOutput::writeFloat64);
		}
		Geo geo = event.geo().orElse(Geo.EMPTY);
		out.writeString(geo.continent().orElse(""));
		out.writeString(geo.country().orElse(""));
		out.writeString(geo.region().orElse(""));
		out.writeString(geo.city().orElse(""));
	}

	/**
	 * A version 2 record as version 3: the same row with four empty {@code geo_*} strings
	 * (a zero length byte each) appended.
	 */
	public static byte[] upgrade(byte[] version2) {
		if (version2.length == 0 || version2[0] != VERSION_WITHOUT_GEO) {
			throw new IllegalArgumentException("not a version 2 record");
		}
		byte[] record = java.util.Arrays.copyOf(version2, version2.length + GEO_COLUMNS);
		record[0] = VERSION;
		return record;
	}

	/**
	 * What a writer needs of a record, read without building the event: its id, user key
	 * and time, after checking that the whole row is well formed (every length within the
	 * record, nothing after the row, a well-formed id, a known id source and channel, a
	 * name).
	 */
	public static Scanned scan(byte[] value) {
		if (value.length == 0 || value[0] != VERSION) {
			throw new RowBinaryInput.Malformed("not a version " + VERSION + " record");
		}
		RowBinaryInput in = new RowBinaryInput(value, ROW_OFFSET);
		String id = in.readString();
		String source = in.readString();
		if (!EventId.isWellFormed(id) || IdSource.fromWireName(source).isEmpty()) {
			throw new RowBinaryInput.Malformed("a malformed id or id source");
		}
		if (in.readString().isBlank()) {
			throw new RowBinaryInput.Malformed("an event without a name");
		}
		if (ChannelType.fromWireName(in.readString()).isEmpty()) {
			throw new RowBinaryInput.Malformed("an unknown channel type");
		}
		long eventTime = in.readInt64();
		long receivedAt = in.readInt64();
		if (!storable(eventTime) || !storable(receivedAt)) {
			throw new RowBinaryInput.Malformed("a time outside DateTime64's years 1900 to 2299");
		}
		for (int i = 0; i < 4; i++) {
			if (in.readPresent()) {
				in.readInt64();
			}
		}
		String userId = in.readString();
		String userPseudoId = in.readString();
		skipParams(in);
		skipParams(in);
		for (int i = 0; i < 11; i++) {
			in.skipString();
		}
		int items = in.readCount();
		for (int i = 0; i < items; i++) {
			for (int field = 0; field < 4; field++) {
				if (in.readPresent()) {
					in.skipString();
				}
			}
			for (int field = 0; field < 3; field++) {
				if (in.readPresent()) {
					in.readInt64();
				}
			}
		}
		for (int i = 0; i < GEO_COLUMNS; i++) {
			in.skipString();
		}
		if (!in.atEnd()) {
			throw new RowBinaryInput.Malformed("bytes after the row");
		}
		return new Scanned(id, userId, userPseudoId, eventTime, receivedAt, value);
	}

	/**
	 * The whole event, as a writer would store it (for tools and tests), from a version 3
	 * or version 2 record.
	 */
	public static AcceptedEvent decode(byte[] value) {
		boolean withGeo = value.length > 0 && value[0] == VERSION;
		RowBinaryInput in = new RowBinaryInput(value, ROW_OFFSET);
		String id = in.readString();
		IdSource source = IdSource.fromWireName(in.readString())
			.orElseThrow(() -> new RowBinaryInput.Malformed("an unknown id source"));
		String name = in.readString();
		ChannelType channel = ChannelType.fromWireName(in.readString())
			.orElseThrow(() -> new RowBinaryInput.Malformed("an unknown channel type"));
		Instant eventTime = instant(in.readInt64());
		Instant receivedAt = instant(in.readInt64());
		Optional<EpochTimestamp> timestamp = nullableLong(in).flatMap(EpochTimestamp::of);
		Optional<EpochTimestamp> previous = nullableLong(in).flatMap(EpochTimestamp::of);
		Optional<Instant> date = nullableLong(in).map(EventRecord::instant);
		Optional<Instant> sentAt = nullableLong(in).map(EventRecord::instant);
		Optional<String> userId = string(in);
		Optional<String> userPseudoId = string(in);
		List<Param> eventParams = params(in);
		List<Param> userParams = params(in);
		Device device = new Device(string(in), string(in), string(in), string(in), string(in), string(in), string(in),
				string(in), string(in));
		AppInfo app = new AppInfo(string(in), string(in));
		int count = in.readCount();
		List<Item> items = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			items.add(new Item(nullableString(in), nullableString(in), nullableString(in), nullableString(in),
					nullableDouble(in), nullableLong(in), nullableDouble(in)));
		}
		Geo geo = withGeo ? new Geo(string(in), string(in), string(in), string(in)) : Geo.EMPTY;
		if (!in.atEnd()) {
			throw new RowBinaryInput.Malformed("bytes after the row");
		}
		Event event = new Event(source == IdSource.CLIENT ? Optional.of(id) : Optional.empty(), name, channel,
				timestamp, previous, date, userId, userPseudoId, eventParams, userParams,
				device.equals(Device.EMPTY) ? Optional.empty() : Optional.of(device),
				app.id().isEmpty() && app.version().isEmpty() ? Optional.empty() : Optional.of(app),
				geo.isEmpty() ? Optional.empty() : Optional.of(geo), items, sentAt);
		return new AcceptedEvent(new EventId(id, source), event, receivedAt, eventTime);
	}

	/**
	 * A record's id, its {@code user_id} and {@code user_pseudo_id} (empty when absent),
	 * its time and when ingest-api received it, in microseconds, and the record itself,
	 * whose row starts at {@link #ROW_OFFSET}.
	 */
	public record Scanned(String id, String userId, String userPseudoId, long eventTimeMicros, long receivedAtMicros,
			byte[] record) implements EventWireFormat.WireScan {

		/**
		 * The key its user is counted by: {@code user_id}, else {@code user_pseudo_id};
		 * empty for neither.
		 */
		public String userKey() {
			return userId.isEmpty() ? userPseudoId : userId;
		}

		public Instant eventTime() {
			return instant(eventTimeMicros);
		}

	}

	private static void params(RowBinaryOutput out, List<Param> params) {
		out.writeVarInt(params.size());
		for (Param param : params) {
			out.writeString(param.key());
			// one of the three Nullable values is present
			ParamValue value = param.value();
			if (value instanceof ParamValue.StringValue text) {
				out.writePresent();
				out.writeString(text.value());
			}
			else {
				out.writeNull();
			}
			if (value instanceof ParamValue.NumberValue number) {
				out.writePresent();
				out.writeFloat64(number.value());
			}
			else {
				out.writeNull();
			}
			if (value instanceof ParamValue.BooleanValue bool) {
				out.writePresent();
				out.writeByte(bool.value() ? 1 : 0);
			}
			else {
				out.writeNull();
			}
		}
	}

	private static List<Param> params(RowBinaryInput in) {
		int count = in.readCount();
		List<Param> params = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String key = in.readString();
			Optional<String> text = nullableString(in);
			Optional<Double> number = nullableDouble(in);
			Optional<Boolean> bool = in.readPresent() ? Optional.of(in.readBoolean()) : Optional.empty();
			ParamValue value = text.<ParamValue>map(ParamValue.StringValue::new)
				.or(() -> number.map(ParamValue.NumberValue::new))
				.or(() -> bool.map(ParamValue.BooleanValue::new))
				.orElseThrow(() -> new RowBinaryInput.Malformed("a parameter without a value"));
			params.add(new Param(key, value));
		}
		return params;
	}

	private static void skipParams(RowBinaryInput in) {
		int count = in.readCount();
		for (int i = 0; i < count; i++) {
			in.skipString();
			if (in.readPresent()) {
				in.skipString();
			}
			if (in.readPresent()) {
				in.readInt64();
			}
			if (in.readPresent()) {
				in.readBoolean();
			}
		}
	}

	/** RowBinary's {@code Nullable(T)}: a 0 byte and the value, or a 1 byte. */
	private static <T> void nullable(RowBinaryOutput out, Optional<T> value, BiConsumer<RowBinaryOutput, T> writer) {
		if (value.isPresent()) {
			out.writePresent();
			writer.accept(out, value.get());
		}
		else {
			out.writeNull();
		}
	}

	private static Optional<String> string(RowBinaryInput in) {
		String value = in.readString();
		return value.isEmpty() ? Optional.empty() : Optional.of(value);
	}

	private static Optional<String> nullableString(RowBinaryInput in) {
		return in.readPresent() ? Optional.of(in.readString()) : Optional.empty();
	}

	private static Optional<Long> nullableLong(RowBinaryInput in) {
		return in.readPresent() ? Optional.of(in.readInt64()) : Optional.empty();
	}

	private static Optional<Double> nullableDouble(RowBinaryInput in) {
		return in.readPresent() ? Optional.of(in.readFloat64()) : Optional.empty();
	}

	/** Within the range of ClickHouse's {@code DateTime64}: 1900-01-01 to 2299-12-31. */
	private static boolean storable(long micros) {
		return micros >= -2_208_988_800_000_000L && micros < 10_413_792_000_000_000L;
	}

	private static long micros(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
	}

	private static Instant instant(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
	}

}
