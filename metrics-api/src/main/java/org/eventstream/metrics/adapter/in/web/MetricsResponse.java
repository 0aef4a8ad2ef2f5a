package org.eventstream.metrics.adapter.in.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eventstream.metrics.domain.GroupMetrics;
import org.eventstream.metrics.domain.MetricsReport;

/**
 * The seed's response shape, plus {@code unique_users} (exact or approximate) and
 * {@code truncated}.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record MetricsResponse(@JsonProperty("event_name") String eventName, String from, String to,
		@JsonProperty("total_count") long totalCount, @JsonProperty("unique_user_count") long uniqueUserCount,
		@JsonProperty("unique_users") String uniqueUsers, @JsonProperty("grouped_metrics") List<Group> groupedMetrics,
		boolean truncated) {

	record Group(@JsonProperty("group_key") String groupKey, @JsonProperty("total_count") long totalCount,
			@JsonProperty("unique_user_count") long uniqueUserCount) {

		static Group of(GroupMetrics group) {
			return new Group(group.groupKey(), group.totalCount(), group.uniqueUserCount());
		}

	}

	static MetricsResponse of(MetricsReport report) {
		return new MetricsResponse(report.eventName().orElse(null), report.from().map(Object::toString).orElse(null),
				report.to().toString(), report.totalCount(), report.uniqueUserCount(),
				report.counting().name().toLowerCase(java.util.Locale.ROOT),
				report.groups().stream().map(Group::of).toList(), report.truncated());
	}

}
