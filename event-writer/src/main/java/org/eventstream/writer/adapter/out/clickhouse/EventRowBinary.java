package org.eventstream.writer.adapter.out.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.clickhouse.data.format.BinaryStreamUtils;
import org.eventstream.model.event.AcceptedEvent;
import org.eventstream.model.event.AppInfo;
import org.eventstream.model.event.Device;
import org.eventstream.model.event.EpochTimestamp;
import org.eventstream.model.event.Event;
import org.eventstream.model.event.Item;
import org.eventstream.model.event.Param;
import org.eventstream.model.event.ParamValue;
import org.eventstream.writer.application.port.in.ConsumedEvent;

/**
 * Encodes events as RowBinary rows of the {@code events} table, in the order of
 * {@link #COLUMNS}. Absent strings are {@code ''}; absent numbers and raw client times
 * are {@code NULL}.
 */
final class EventRowBinary {

	static final List<String> COLUMNS = List.of("event_id", "id_source", "event_name", "channel_type", "event_time",
			"received_at", "client_timestamp", "client_previous_timestamp", "client_date", "sent_at", "user_id",
			"user_pseudo_id", "event_params", "user_params", "device_category", "device_mobile_brand_name",
			"device_mobile_model_name", "device_operating_system", "device_operating_system_version", "device_language",
			"device_browser_name", "device_browser_version", "device_hostname", "app_id", "app_version", "items",
			"kafka_partition", "kafka_offset");

	private EventRowBinary() {
	}

	static void write(OutputStream out, ConsumedEvent consumed) throws IOException {
		AcceptedEvent accepted = consumed.event();
		Event event = accepted.event();
		BinaryStreamUtils.writeString(out, accepted.id().value());
		BinaryStreamUtils.writeString(out, accepted.id().source().wireName());
		BinaryStreamUtils.writeString(out, event.name());
		BinaryStreamUtils.writeString(out, event.channelType().wireName());
		writeMicros(out, accepted.eventTime());
		writeMicros(out, accepted.receivedAt());
		nullableLong(out, event.timestamp().map(EpochTimestamp::value));
		nullableLong(out, event.previousTimestamp().map(EpochTimestamp::value));
		nullableMicros(out, event.date());
		nullableMicros(out, event.sentAt());
		string(out, event.userId());
		string(out, event.userPseudoId());
		params(out, event.eventParams());
		params(out, event.userParams());
		Device device = event.device().orElse(Device.EMPTY);
		for (Optional<String> field : List.of(device.category(), device.mobileBrandName(), device.mobileModelName(),
				device.operatingSystem(), device.operatingSystemVersion(), device.language(), device.browserName(),
				device.browserVersion(), device.hostname())) {
			string(out, field);
		}
		string(out, event.appInfo().flatMap(AppInfo::id));
		string(out, event.appInfo().flatMap(AppInfo::version));
		items(out, event.items());
		BinaryStreamUtils.writeUnsignedInt32(out, consumed.position().partition());
		BinaryStreamUtils.writeUnsignedInt64(out, consumed.position().offset());
	}

	private static void params(OutputStream out, List<Param> params) throws IOException {
		BinaryStreamUtils.writeVarInt(out, params.size());
		for (Param param : params) {
			BinaryStreamUtils.writeString(out, param.key());
			ParamValue value = param.value();
			nullableString(out,
					(value instanceof ParamValue.StringValue s) ? Optional.of(s.value()) : Optional.empty());
			nullableDouble(out,
					(value instanceof ParamValue.NumberValue n) ? Optional.of(n.value()) : Optional.empty());
			nullable(out, (value instanceof ParamValue.BooleanValue b) ? Optional.of(b.value()) : Optional.empty(),
					BinaryStreamUtils::writeBoolean);
		}
	}

	private static void items(OutputStream out, List<Item> items) throws IOException {
		BinaryStreamUtils.writeVarInt(out, items.size());
		for (Item item : items) {
			nullableString(out, item.id());
			nullableString(out, item.name());
			nullableString(out, item.brand());
			nullableString(out, item.variant());
			nullableDouble(out, item.priceInUsd());
			nullableLong(out, item.quantity());
			nullableDouble(out, item.revenueInUsd());
		}
	}

	private static void string(OutputStream out, Optional<String> value) throws IOException {
		BinaryStreamUtils.writeString(out, value.orElse(""));
	}

	private static void nullableString(OutputStream out, Optional<String> value) throws IOException {
		nullable(out, value, BinaryStreamUtils::writeString);
	}

	private static void nullableDouble(OutputStream out, Optional<Double> value) throws IOException {
		nullable(out, value, BinaryStreamUtils::writeFloat64);
	}

	private static void nullableLong(OutputStream out, Optional<Long> value) throws IOException {
		nullable(out, value, BinaryStreamUtils::writeInt64);
	}

	private static void nullableMicros(OutputStream out, Optional<Instant> value) throws IOException {
		nullable(out, value, EventRowBinary::writeMicros);
	}

	/** RowBinary's Nullable(T): a 1 byte null flag, then T when present. */
	private static <T> void nullable(OutputStream out, Optional<T> value, FieldWriter<T> writer) throws IOException {
		if (value.isPresent()) {
			BinaryStreamUtils.writeNonNull(out);
			writer.write(out, value.get());
		}
		else {
			BinaryStreamUtils.writeNull(out);
		}
	}

	@FunctionalInterface
	private interface FieldWriter<T> {

		void write(OutputStream out, T value) throws IOException;

	}

	private static void writeMicros(OutputStream out, Instant instant) throws IOException {
		BinaryStreamUtils.writeInt64(out,
				Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000));
	}

}
