package org.eventstream.metrics.adapter.in.web;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eventstream.metrics.domain.FunnelReport;

/**
 * {@code GET /events/funnel}'s answer: users per step, with the conversion from the
 * previous step and from the first ({@code null} where the step before had no user).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record FunnelResponse(List<String> steps, String window, String from, String to, List<Step> funnel,
		@JsonProperty("by_channel") @JsonInclude(JsonInclude.Include.NON_NULL) List<ChannelFunnel> byChannel) {

	record Step(int step, @JsonProperty("event_name") String eventName, long users,
			@JsonProperty("conversion_from_previous") Double fromPrevious,
			@JsonProperty("conversion_from_first") Double fromFirst) {
	}

	record ChannelFunnel(String channel, List<Step> funnel) {
	}

	static FunnelResponse of(FunnelReport report, boolean byChannel) {
		return new FunnelResponse(report.steps(), report.window().toString(), report.from().toString(),
				report.to().toString(), steps(report.steps(), report.overall()),
				byChannel ? report.byChannel()
					.stream()
					.map(channel -> new ChannelFunnel(channel.channel(), steps(report.steps(), channel.users())))
					.toList() : null);
	}

	private static List<Step> steps(List<String> names, List<Long> users) {
		List<Step> steps = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			steps.add(new Step(i + 1, names.get(i), users.get(i), ratio(users.get(i), users.get(Math.max(0, i - 1))),
					ratio(users.get(i), users.get(0))));
		}
		return steps;
	}

	private static Double ratio(long part, long whole) {
		return (whole == 0) ? null : (double) part / whole;
	}

}
