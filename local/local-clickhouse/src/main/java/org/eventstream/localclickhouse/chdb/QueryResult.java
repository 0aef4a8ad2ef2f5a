package org.eventstream.localclickhouse.chdb;

/**
 * What a statement produced: its output in the requested format and the engine's
 * counters, as ClickHouse reports them in {@code X-ClickHouse-Summary}.
 */
public record QueryResult(byte[] output, long rowsRead, long bytesRead, long rowsWritten, long bytesWritten,
		double elapsedSeconds) {

}
