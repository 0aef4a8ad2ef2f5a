package org.eventstream.metrics.application.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.eventstream.metrics.application.port.out.LoadFunnelPort;
import org.eventstream.metrics.domain.FunnelQuery;
import org.eventstream.metrics.domain.FunnelReport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryFunnelServiceTest {

	private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");

	@Test
	void aUserWhoCompletedStepsReachedEveryStepBefore() {
		assertThat(QueryFunnelService.reached(Map.of(1, 50L, 2, 30L, 3, 20L), 3)).containsExactly(100L, 50L, 20L);
		assertThat(QueryFunnelService.reached(Map.of(3, 7L), 4)).containsExactly(7L, 7L, 7L, 0L);
		assertThat(QueryFunnelService.reached(Map.of(), 2)).containsExactly(0L, 0L);
	}

	@Test
	void listsChannelsByTheirUsersAtTheFirstStep() {
		LoadFunnelPort store = query -> CompletableFuture
			.completedFuture(new LoadFunnelPort.Levels(Instant.parse("2024-01-02T00:00:00Z"), Map.of(1, 5L, 2, 5L),
					Map.of("web", Map.of(2, 3L), "tv", Map.of(1, 4L, 2, 1L), "mobile", Map.of())));

		FunnelReport report = new QueryFunnelService(store)
			.funnel(new FunnelQuery(List.of("a", "b"), Duration.ofHours(1), FROM, Optional.empty(), Set.of(), true,
					List.of()))
			.join();

		assertThat(report.overall()).containsExactly(10L, 5L);
		assertThat(report.byChannel()).containsExactly(new FunnelReport.ChannelFunnel("tv", List.of(5L, 1L)),
				new FunnelReport.ChannelFunnel("web", List.of(3L, 3L)));
		assertThat(report.to()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
	}

}
