package org.eventstream.ingest.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.eventstream.web.access.AccessProperties;
import org.eventstream.web.access.ApiAccess;
import org.eventstream.web.access.ApiAccessFilter;
import org.eventstream.web.access.ApiScope;
import org.eventstream.web.access.ClientAddress;
import org.eventstream.web.access.CorsFilter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Write keys, rate limits and CORS (browser SDKs) on {@code /events} and
 * {@code /events/batch}; the client's address behind trusted proxies, for geolocation.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class ApiAccessConfiguration {

	@Bean
	CorsFilter corsFilter(AccessProperties properties) {
		return ApiAccess.ingestCors("/events/**", properties);
	}

	/**
	 * Who sent a request, through the same trusted proxies as the rate limits: only when
	 * a geolocation database is configured, the one reason ingest reads it.
	 */
	@Bean
	@ConditionalOnExpression("!'${event-stream.ingest.geoip.database:}'.trim().isEmpty()")
	ClientAddress clientAddress(AccessProperties properties) {
		return new ClientAddress(properties.trustedProxies());
	}

	@Bean
	ApiAccessFilter apiAccessFilter(AccessProperties properties, MeterRegistry meters) {
		return ApiAccess.filter(ApiScope.WRITE, "/events", properties, meters);
	}

}
