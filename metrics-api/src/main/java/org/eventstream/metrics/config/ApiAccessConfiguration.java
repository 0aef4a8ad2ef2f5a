package org.eventstream.metrics.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.eventstream.web.access.AccessProperties;
import org.eventstream.web.access.ApiAccess;
import org.eventstream.web.access.ApiAccessFilter;
import org.eventstream.web.access.ApiScope;
import org.eventstream.web.access.CorsFilter;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Read keys, rate limits and CORS (dashboards on allowed origins) on
 * {@code /events/metrics} and {@code /events/funnel}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class ApiAccessConfiguration {

	@Bean
	CorsFilter corsFilter(AccessProperties properties) {
		return ApiAccess.metricsCors("/events/**", properties);
	}

	@Bean
	ApiAccessFilter apiAccessFilter(AccessProperties properties, MeterRegistry meters) {
		return ApiAccess.filter(ApiScope.READ, "/events", properties, meters);
	}

}
