package org.eventstream.metrics.application.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.application.port.in.QueryFunnelUseCase;
import org.eventstream.metrics.application.port.out.LoadFunnelPort;
import org.eventstream.metrics.domain.FunnelQuery;
import org.eventstream.metrics.domain.FunnelReport;

/**
 * Turns the store's "users by steps completed" into "users who reached each step": a user
 * who completed three steps reached the first, the second and the third.
 */
public final class QueryFunnelService implements QueryFunnelUseCase {

	private final LoadFunnelPort funnels;

	public QueryFunnelService(LoadFunnelPort funnels) {
		this.funnels = funnels;
	}

	@Override
	public CompletableFuture<FunnelReport> funnel(FunnelQuery query) {
		return funnels.load(query).thenApply(levels -> {
			int steps = query.steps().size();
			List<FunnelReport.ChannelFunnel> byChannel = levels.byChannel()
				.entrySet()
				.stream()
				.map(entry -> new FunnelReport.ChannelFunnel(entry.getKey(), reached(entry.getValue(), steps)))
				.filter(channel -> channel.users().get(0) > 0)
				.sorted(Comparator.comparingLong((FunnelReport.ChannelFunnel channel) -> channel.users().get(0))
					.reversed()
					.thenComparing(FunnelReport.ChannelFunnel::channel))
				.toList();
			return new FunnelReport(query.steps(), query.window(), query.from(), levels.to(),
					reached(levels.overall(), steps), byChannel);
		});
	}

	/** Users who reached step i (1-based) = users who completed i steps or more. */
	static List<Long> reached(Map<Integer, Long> byLevel, int steps) {
		List<Long> reached = new ArrayList<>();
		for (int step = 1; step <= steps; step++) {
			long users = 0;
			for (int level = step; level <= steps; level++) {
				users += byLevel.getOrDefault(level, 0L);
			}
			reached.add(users);
		}
		return reached;
	}

}
