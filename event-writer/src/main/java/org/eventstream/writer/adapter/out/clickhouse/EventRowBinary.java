package org.eventstream.writer.adapter.out.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import com.clickhouse.data.format.BinaryStreamUtils;
import org.eventstream.model.wire.EventRecord;
import org.eventstream.writer.application.port.in.ConsumedEvent;

/**
 * RowBinary rows of the {@code events} table, in the order of {@link #COLUMNS}: a
 * record's row as it came from the topic ({@link EventRecord}, copied, not decoded), then
 * its partition and offset.
 */
final class EventRowBinary {

	static final List<String> COLUMNS;

	static {
		List<String> columns = new ArrayList<>(EventRecord.COLUMNS);
		columns.add("kafka_partition");
		columns.add("kafka_offset");
		COLUMNS = List.copyOf(columns);
	}

	private EventRowBinary() {
	}

	static void write(OutputStream out, ConsumedEvent consumed) throws IOException {
		byte[] record = consumed.event().record();
		out.write(record, EventRecord.ROW_OFFSET, record.length - EventRecord.ROW_OFFSET);
		BinaryStreamUtils.writeUnsignedInt32(out, consumed.position().partition());
		BinaryStreamUtils.writeUnsignedInt64(out, consumed.position().offset());
	}

}
