package org.eventstream.metrics.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import com.clickhouse.client.api.Client;
import io.micrometer.core.instrument.MeterRegistry;
import org.eventstream.metrics.adapter.out.clickhouse.ClickHouseUserDeletions;
import org.eventstream.metrics.application.service.UserDeletionService;
import org.eventstream.model.identity.TimeOrderedUuid;
import org.eventstream.store.ClickHouseConnection;
import org.eventstream.web.access.AccessProperties;
import org.eventstream.web.access.ApiAccess;
import org.eventstream.web.access.ApiAccessFilter;
import org.eventstream.web.access.ApiScope;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Deleting users: admin keys on {@code /users}, the deletions carried out here. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PrivacyProperties.class)
class PrivacyConfiguration {

	@Bean
	ApiAccessFilter adminAccessFilter(AccessProperties properties, MeterRegistry meters) {
		return ApiAccess.filter(ApiScope.ADMIN, "/users", properties, meters);
	}

	/** The heartbeat and the sweep's timer: never blocked by a round. */
	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService userDeletionScheduler() {
		return Executors.newSingleThreadScheduledExecutor(daemon("user-deletion-heartbeat"));
	}

	/** The rounds, one at a time. */
	@Bean(destroyMethod = "shutdownNow")
	ExecutorService userDeletionRounds() {
		return Executors.newSingleThreadExecutor(daemon("user-deletions"));
	}

	private static ThreadFactory daemon(String name) {
		return runnable -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	@Bean
	UserDeletionService userDeletionService(Client clickHouseClient, ClickHouseConnection connection,
			ClickHouseProperties clickHouse, MetricsProperties metrics, PrivacyProperties privacy, Clock clock,
			ScheduledExecutorService userDeletionScheduler, ExecutorService userDeletionRounds) {
		var store = new ClickHouseUserDeletions(clickHouseClient, connection.database(),
				clickHouse.cluster().isBlank() ? Optional.empty() : Optional.of(clickHouse.cluster().strip()),
				Math.max(60, metrics.queryTimeout().toSeconds()));
		var service = new UserDeletionService(store, clock, () -> TimeOrderedUuid.next().toString(), executorName(),
				userDeletionScheduler, userDeletionRounds, new UserDeletionService.Settings(privacy.writeHoldGrace(),
						privacy.heartbeat(), privacy.abandonedAfter(), privacy.sweepInterval()));
		service.start();
		return service;
	}

	/** This instance, as the deletions it carries out name it. */
	private static String executorName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "/" + UUID.randomUUID().toString().substring(0, 8);
	}

}
