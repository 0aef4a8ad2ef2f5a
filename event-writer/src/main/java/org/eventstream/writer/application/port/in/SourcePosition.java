package org.eventstream.writer.application.port.in;

/**
 * Where a record sits in the log: its partition and offset. Stored with each row, for
 * audits and replays.
 */
public record SourcePosition(int partition, long offset) {
}
