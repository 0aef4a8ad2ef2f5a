package org.eventstream.metrics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A funnel's answer: how many users reached each step, in all and per channel.
 *
 * @param to the end used (the query's, or when the answer was computed)
 * @param overall users per step, for every step in order
 * @param byChannel the same per channel, channels with users at the first step only, by
 * those users, descending; empty unless asked for
 */
public record FunnelReport(List<String> steps, Duration window, Instant from, Instant to, List<Long> overall,
		List<ChannelFunnel> byChannel) {

	public FunnelReport {
		steps = List.copyOf(steps);
		overall = List.copyOf(overall);
		byChannel = List.copyOf(byChannel);
	}

	/** Users per step within one channel. */
	public record ChannelFunnel(String channel, List<Long> users) {

		public ChannelFunnel {
			users = List.copyOf(users);
		}

	}

}
