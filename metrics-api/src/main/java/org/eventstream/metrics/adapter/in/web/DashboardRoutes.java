package org.eventstream.metrics.adapter.in.web;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /dashboard}: the analyst's page (module {@code dashboard}: static files, built
 * with npm, in its jar under {@code static/dashboard/}). Its files are served as Spring's
 * static resources; this adds the page's own address and its trailing-slash form. The
 * page reads only {@code GET /events/metrics}, with the read key its user types when the
 * API asks for one.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardRoutes {

	static final Resource PAGE = new ClassPathResource("static/dashboard/index.html");

	@Bean
	RouterFunction<ServerResponse> dashboard() {
		return RouterFunctions.route()
			.GET("/dashboard", request -> ServerResponse.permanentRedirect(URI.create("/dashboard/")).build())
			.GET("/dashboard/",
					request -> ServerResponse.ok()
						.contentType(MediaType.TEXT_HTML)
						.cacheControl(CacheControl.noCache())
						.bodyValue(PAGE))
			.build();
	}

}
