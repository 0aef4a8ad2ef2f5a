package org.eventstream.writer.adapter.out.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eventstream.model.wire.EventRecord;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.in.SourcePosition;

import static org.eventstream.writer.adapter.out.clickhouse.NativeColumn.array;
import static org.eventstream.writer.adapter.out.clickhouse.NativeColumn.fixed;
import static org.eventstream.writer.adapter.out.clickhouse.NativeColumn.lowCardinalityString;
import static org.eventstream.writer.adapter.out.clickhouse.NativeColumn.nullable;
import static org.eventstream.writer.adapter.out.clickhouse.NativeColumn.string;
import static org.eventstream.writer.adapter.out.clickhouse.NativeColumn.tuple;

/**
 * A batch of events as one block of ClickHouse's Native format for the {@code events}
 * table: each record's row ({@link EventRecord}, RowBinary) read once into the columns of
 * {@link #COLUMNS}, then its partition and offset. The types are the table's own, so
 * ClickHouse stores the columns as they come (a type that differed would be converted, at
 * a cost; {@code ClickHouseEventStoreTest} compares them with the table's).
 */
final class EventNativeBlock {

	private static final NativeColumn.Type TEXT = string();

	private static final NativeColumn.Type LOW = lowCardinalityString();

	private static final NativeColumn.Type DATE_TIME = fixed("DateTime64(6, 'UTC')", 8);

	private static final NativeColumn.Type INT64 = fixed("Int64", 8);

	private static final NativeColumn.Type FLOAT64 = fixed("Float64", 8);

	private static final NativeColumn.Type PARAMS = array(
			tuple(List.of("key", "string_value", "number_value", "boolean_value"),
					List.of(TEXT, nullable(TEXT), nullable(FLOAT64), nullable(fixed("Bool", 1)))));

	private static final NativeColumn.Type ITEMS = array(
			tuple(List.of("id", "name", "brand", "variant", "price_in_usd", "quantity", "revenue_in_usd"),
					List.of(nullable(TEXT), nullable(TEXT), nullable(TEXT), nullable(TEXT), nullable(FLOAT64),
							nullable(INT64), nullable(FLOAT64))));

	/**
	 * The types of a record's columns ({@link EventRecord#COLUMNS}), in order: id, id
	 * source, name, channel; event time, receipt; the four client times; user id and
	 * pseudo id; event and user parameters; the nine device fields and the app's id and
	 * version; items; the four geo fields.
	 */
	private static final List<NativeColumn.Type> RECORD_TYPES = List.of(TEXT, LOW, LOW, LOW, DATE_TIME, DATE_TIME,
			nullable(INT64), nullable(INT64), nullable(DATE_TIME), nullable(DATE_TIME), TEXT, TEXT, PARAMS, PARAMS, LOW,
			LOW, LOW, LOW, LOW, LOW, LOW, LOW, LOW, LOW, LOW, ITEMS, LOW, LOW, LOW, LOW);

	private static final NativeColumn.Type PARTITION = fixed("UInt32", 4);

	private static final NativeColumn.Type OFFSET = fixed("UInt64", 8);

	/**
	 * The inserted columns: a record's, then {@code kafka_partition} and
	 * {@code kafka_offset}.
	 */
	static final List<Column> COLUMNS;

	static {
		if (RECORD_TYPES.size() != EventRecord.COLUMNS.size()) {
			throw new IllegalStateException("a type for each of the record's columns");
		}
		List<Column> columns = new ArrayList<>();
		for (int i = 0; i < RECORD_TYPES.size(); i++) {
			columns.add(new Column(EventRecord.COLUMNS.get(i), RECORD_TYPES.get(i)));
		}
		columns.add(new Column("kafka_partition", PARTITION));
		columns.add(new Column("kafka_offset", OFFSET));
		COLUMNS = List.copyOf(columns);
	}

	static final List<String> NAMES = COLUMNS.stream().map(Column::name).toList();

	/** Each column's name and type as the block writes them before its values. */
	private static final byte[][] HEADERS = COLUMNS.stream().map(column -> {
		NativeColumn.Bytes header = new NativeColumn.Bytes(64);
		writeString(header, column.name());
		writeString(header, column.type().name());
		return Arrays.copyOf(header.data(), header.size());
	}).toArray(byte[][]::new);

	private final NativeColumn[] columns = new NativeColumn[COLUMNS.size()];

	private final NativeColumn.Row row = new NativeColumn.Row();

	/**
	 * A block's columns, kept from one batch to the next (a batch's columns are about the
	 * size of its records: made anew each time, they doubled the writer's garbage).
	 */
	EventNativeBlock() {
		for (int i = 0; i < columns.length; i++) {
			columns[i] = COLUMNS.get(i).type().newColumn();
		}
	}

	/**
	 * The block's header (column and row counts), then each column's name, type and
	 * values. At least one event: a block of no rows has no values to write.
	 */
	void write(OutputStream out, List<ConsumedEvent> events) throws IOException {
		if (events.isEmpty()) {
			throw new IllegalArgumentException("a block of no events");
		}
		for (NativeColumn column : columns) {
			column.clear();
		}
		int recordColumns = RECORD_TYPES.size();
		NativeColumn.Fixed partitions = (NativeColumn.Fixed) columns[recordColumns];
		NativeColumn.Fixed offsets = (NativeColumn.Fixed) columns[recordColumns + 1];
		for (ConsumedEvent event : events) {
			row.at(event.event().record(), EventRecord.ROW_OFFSET);
			for (int i = 0; i < recordColumns; i++) {
				columns[i].read(row);
			}
			SourcePosition position = event.position();
			partitions.appendLong(position.partition());
			offsets.appendLong(position.offset());
		}
		NativeColumn.Bytes header = new NativeColumn.Bytes(16);
		header.writeLength(columns.length);
		header.writeLength(events.size());
		header.writeTo(out);
		for (int i = 0; i < columns.length; i++) {
			out.write(HEADERS[i]);
			columns[i].writeTo(out);
		}
	}

	/** The bytes the columns hold on to until the next block. */
	long retainedBytes() {
		long bytes = 0;
		for (NativeColumn column : columns) {
			bytes += column.retainedBytes();
		}
		return bytes;
	}

	private static void writeString(NativeColumn.Bytes out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeLength(bytes.length);
		out.write(bytes, 0, bytes.length);
	}

	/** An inserted column: its name in the table and its type. */
	record Column(String name, NativeColumn.Type type) {
	}

}
