package org.eventstream.metrics.domain;

/** The metrics of one group: a channel, a day, an hour, a browser... */
public record GroupMetrics(String groupKey, long totalCount, long uniqueUserCount) {
}
