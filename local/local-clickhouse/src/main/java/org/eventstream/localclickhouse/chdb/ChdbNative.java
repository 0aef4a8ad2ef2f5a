package org.eventstream.localclickhouse.chdb;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The part of chDB's C API ({@code chdb.h}, 26.x) this endpoint uses. {@code size_t} is
 * {@code long} (64-bit Linux). Handles are opaque pointers; every result and insert
 * stream must be destroyed by its own function.
 */
interface ChdbNative extends Library {

	String chdb_version();

	/**
	 * Must be called with 0 before the first connection, or chDB's handlers kill the JVM
	 * on its first NPE.
	 */
	void chdb_set_signal_handlers_enabled(int enabled);

	/**
	 * @return a {@code chdb_connection *}: dereference it for the connection handle
	 */
	Pointer chdb_connect(int argc, String[] argv);

	/**
	 * @param connection the {@code chdb_connection *} that {@link #chdb_connect} returned
	 */
	void chdb_close_conn(Pointer connection);

	Pointer chdb_query_with_params_n(Pointer connection, byte[] query, long queryLength, byte[] format,
			long formatLength, Pointer[] names, long[] nameLengths, Pointer[] values, long[] valueLengths, long count);

	Pointer chdb_stream_insert_n(Pointer connection, byte[] query, long queryLength, byte[] format, long formatLength);

	int chdb_stream_append(Pointer stream, byte[] data, long length);

	Pointer chdb_stream_done(Pointer stream);

	String chdb_stream_insert_error(Pointer stream);

	void chdb_destroy_insert_stream(Pointer stream);

	Pointer chdb_result_buffer(Pointer result);

	long chdb_result_length(Pointer result);

	double chdb_result_elapsed(Pointer result);

	long chdb_result_rows_read(Pointer result);

	long chdb_result_bytes_read(Pointer result);

	long chdb_result_rows_written(Pointer result);

	long chdb_result_bytes_written(Pointer result);

	String chdb_result_error(Pointer result);

	void chdb_destroy_query_result(Pointer result);

	int chdb_shutdown();

}
