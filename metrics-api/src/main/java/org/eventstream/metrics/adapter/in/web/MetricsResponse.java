package org.eventstream.metrics.adapter.in.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eventstream.metrics.domain.GroupMetrics;
import org.eventstream.metrics.domain.Measure;
import org.eventstream.metrics.domain.MetricsReport;

/**
 * The seed's response shape, plus {@code unique_users} (exact or approximate) and
 * {@code truncated}; {@code measures} (by name) when measures were asked for, and each
 * group's {@code group_key_2} when grouped two ways.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record MetricsResponse(@JsonProperty("event_name") String eventName, String from, String to,
		@JsonProperty("total_count") long totalCount, @JsonProperty("unique_user_count") long uniqueUserCount,
		@JsonProperty("unique_users") String uniqueUsers,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> measures,
		@JsonProperty("grouped_metrics") List<Group> groupedMetrics, boolean truncated) {

	record Group(@JsonProperty("group_key") String groupKey,
			@JsonProperty("group_key_2") @JsonInclude(JsonInclude.Include.NON_NULL) String secondKey,
			@JsonProperty("total_count") long totalCount, @JsonProperty("unique_user_count") long uniqueUserCount,
			@JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> measures) {

		static Group of(GroupMetrics group, List<Measure> names) {
			return new Group(group.groupKey(), group.secondKey().orElse(null), group.totalCount(),
					group.uniqueUserCount(), named(names, group.measures()));
		}

	}

	static MetricsResponse of(MetricsReport report) {
		return new MetricsResponse(report.eventName().orElse(null), report.from().map(Object::toString).orElse(null),
				report.to().toString(), report.totalCount(), report.uniqueUserCount(),
				report.counting().name().toLowerCase(Locale.ROOT), named(report.measureNames(), report.measures()),
				report.groups().stream().map(group -> Group.of(group, report.measureNames())).toList(),
				report.truncated());
	}

	/** Name → value, in the question's order; {@code null} for a mean of nothing. */
	private static Map<String, Double> named(List<Measure> names, List<OptionalDouble> values) {
		Map<String, Double> named = new LinkedHashMap<>();
		for (int i = 0; i < names.size(); i++) {
			OptionalDouble value = values.get(i);
			named.put(names.get(i).wireName(), value.isPresent() ? value.getAsDouble() : null);
		}
		return named;
	}

}
