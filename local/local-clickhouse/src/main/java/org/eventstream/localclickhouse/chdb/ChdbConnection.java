package org.eventstream.localclickhouse.chdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * One chDB session. A connection runs one statement at a time and keeps session state
 * ({@code USE}, {@code SET}) between statements, so it must not be shared by two threads
 * at once; {@link ChdbConnectionPool} hands each to one request at a time.
 */
public final class ChdbConnection implements AutoCloseable {

	private static final int APPEND_CHUNK = 1 << 20;

	private final ChdbNative chdb;

	private final Pointer handleRef;

	private final Pointer handle;

	private boolean closed;

	ChdbConnection(ChdbNative chdb, Pointer handleRef) {
		this.chdb = chdb;
		this.handleRef = handleRef;
		this.handle = handleRef.getPointer(0);
	}

	/**
	 * Runs a statement whose text contains no binary data; {@code {name:Type}}
	 * placeholders bind to params.
	 */
	public QueryResult query(String sql, String outputFormat, Map<String, String> params) {
		byte[] query = sql.getBytes(StandardCharsets.UTF_8);
		byte[] format = outputFormat.getBytes(StandardCharsets.US_ASCII);
		int count = params.size();
		Pointer[] names = new Pointer[count];
		long[] nameLengths = new long[count];
		Pointer[] values = new Pointer[count];
		long[] valueLengths = new long[count];
		int i = 0;
		for (Map.Entry<String, String> param : params.entrySet()) {
			names[i] = memory(param.getKey().getBytes(StandardCharsets.UTF_8));
			nameLengths[i] = param.getKey().getBytes(StandardCharsets.UTF_8).length;
			byte[] value = param.getValue().getBytes(StandardCharsets.UTF_8);
			values[i] = memory(value);
			valueLengths[i] = value.length;
			i++;
		}
		Pointer result = chdb.chdb_query_with_params_n(handle, query, query.length, format, format.length,
				count == 0 ? null : names, count == 0 ? null : nameLengths, count == 0 ? null : values,
				count == 0 ? null : valueLengths, count);
		return consume(result);
	}

	/**
	 * Runs a statement without output or parameters, such as {@code SET} or {@code USE}.
	 */
	public void execute(String sql) {
		query(sql, "TabSeparated", Map.of());
	}

	/**
	 * Streams data into {@code INSERT ... } through chDB's streaming insert, the only
	 * binary-safe way in.
	 * @param statement the INSERT statement without its FORMAT clause
	 * @param format the input format of {@code data}
	 */
	public QueryResult insert(String statement, String format, byte[] head, InputStream rest) throws IOException {
		byte[] query = statement.getBytes(StandardCharsets.UTF_8);
		byte[] formatBytes = format.getBytes(StandardCharsets.US_ASCII);
		Pointer stream = chdb.chdb_stream_insert_n(handle, query, query.length, formatBytes, formatBytes.length);
		try {
			failIfError(chdb.chdb_stream_insert_error(stream));
			append(stream, head, head.length);
			byte[] buffer = new byte[APPEND_CHUNK];
			int read;
			while ((read = rest.readNBytes(buffer, 0, buffer.length)) > 0) {
				append(stream, buffer, read);
			}
			return consume(chdb.chdb_stream_done(stream));
		}
		finally {
			chdb.chdb_destroy_insert_stream(stream);
		}
	}

	private void append(Pointer stream, byte[] data, int length) {
		if (length > 0 && chdb.chdb_stream_append(stream, data, length) != 0) {
			String error = chdb.chdb_stream_insert_error(stream);
			failIfError(error != null ? error : "the insert stream refused data");
		}
	}

	private QueryResult consume(Pointer result) {
		if (result == null) {
			throw ChdbException.fromEngineMessage("chDB returned no result");
		}
		try {
			failIfError(chdb.chdb_result_error(result));
			long length = chdb.chdb_result_length(result);
			Pointer buffer = chdb.chdb_result_buffer(result);
			if (length > Integer.MAX_VALUE - 16) {
				throw new ChdbException(396, "Code: 396. DB::Exception: result of " + length
						+ " bytes is too large for the local endpoint. (TOO_MANY_ROWS_OR_BYTES)");
			}
			byte[] output = (buffer == null || length == 0) ? new byte[0] : buffer.getByteArray(0, (int) length);
			return new QueryResult(output, chdb.chdb_result_rows_read(result), chdb.chdb_result_bytes_read(result),
					chdb.chdb_result_rows_written(result), chdb.chdb_result_bytes_written(result),
					chdb.chdb_result_elapsed(result));
		}
		finally {
			chdb.chdb_destroy_query_result(result);
		}
	}

	private static void failIfError(String error) {
		if (error != null && !error.isEmpty()) {
			throw ChdbException.fromEngineMessage(error);
		}
	}

	private static Pointer memory(byte[] bytes) {
		Memory memory = new Memory(Math.max(1, bytes.length));
		memory.write(0, bytes, 0, bytes.length);
		return memory;
	}

	@Override
	public void close() {
		if (!closed) {
			closed = true;
			chdb.chdb_close_conn(handleRef);
		}
	}

}
