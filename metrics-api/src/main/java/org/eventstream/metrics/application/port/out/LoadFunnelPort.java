package org.eventstream.metrics.application.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.domain.FunnelQuery;

/** Reads how far each user got through a funnel. */
public interface LoadFunnelPort {

	/**
	 * Users by the number of steps they completed in order (1 to the number of steps;
	 * users who completed none are not counted), in all and per channel.
	 */
	CompletableFuture<Levels> load(FunnelQuery query);

	/**
	 * @param to the end the store used
	 * @param overall users by the steps they completed
	 * @param byChannel the same per channel
	 */
	record Levels(Instant to, Map<Integer, Long> overall, Map<String, Map<Integer, Long>> byChannel) {

		public Levels {
			overall = Map.copyOf(overall);
			byChannel = Map.copyOf(byChannel);
		}

	}

}
