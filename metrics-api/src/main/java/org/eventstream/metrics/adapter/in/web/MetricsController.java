package org.eventstream.metrics.adapter.in.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.eventstream.metrics.application.port.in.MetricsOutcome;
import org.eventstream.metrics.application.port.in.QueryMetricsUseCase;
import org.eventstream.metrics.domain.MetricsQuery;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /events/metrics}. */
@RestController
@Tag(name = "Metrics", description = "Totals and unique users")
public class MetricsController {

	private final QueryMetricsUseCase metrics;

	public MetricsController(QueryMetricsUseCase metrics) {
		this.metrics = metrics;
	}

	@Operation(summary = "Total events and unique users, optionally grouped, filtered and measured",
			description = "Every event is counted once however often it was sent. Bounds are inclusive. "
					+ "Time buckets are ascending and zero-filled; dimension groups come by count, descending. "
					+ "Grouped two ways (group_by=daily,channel), each pair is a group with group_key and "
					+ "group_key_2; beyond `limit` values of a dimension the rest is counted as \"(other)\", exactly.")
	@ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject("""
			{"event_name": "page_view", "from": "2024-01-01T00:00:00Z", "to": "2024-01-31T23:59:59Z",
			 "total_count": 15420, "unique_user_count": 3200, "unique_users": "exact",
			 "grouped_metrics": [{"group_key": "web", "total_count": 10000, "unique_user_count": 2000},
			                     {"group_key": "mobile", "total_count": 5420, "unique_user_count": 1200}],
			 "truncated": false}""")))
	@ApiResponse(responseCode = "400", description = "An invalid parameter (each named, with the allowed values)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "ClickHouse did not answer",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/events/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<MetricsResponse> metrics(@Parameter(description = """
			event_name (all when absent); from, to (RFC 3339, inclusive; from the first event / up to now when \
			absent); channel or platform (repeat or comma-separate: web, mobile, desktop, tv, console, other); \
			group_by (one, or two comma-separated, of: daily, hourly, channel, event_name, device_category, \
			operating_system, browser, device_brand, language, hostname, app_id, app_version, continent, country, \
			region, city); tz (IANA zone for \
			daily/hourly, default UTC); unique_users (exact, default, or approximate); limit (dimension groups, \
			1-1000, default 100; with two dimensions the values kept of each, 1-100, default 10); filter \
			(repeatable, all must hold: event_params.<key>, user_params.<key>, device.category, \
			device.operating_system, device.browser_name, app_info.version, geo.country, geo.region, ... with == != \
			>= <= > <, e.g. event_params.value>=10); country (the same as filter=geo.country==<name>, e.g. \
			Germany); measure (repeatable, up to 5: sum:event_params.<key>, \
			avg:event_params.<key>, revenue)""") @RequestParam MultiValueMap<String, String> parameters) {
		RequestParameters.Parsed<MetricsQuery> parsed = MetricsRequest.parse(parameters);
		if (parsed instanceof RequestParameters.Parsed.Invalid<MetricsQuery> invalid) {
			return Mono.error(MetricsProblems.invalidParameters(invalid.problems()));
		}
		MetricsQuery query = ((RequestParameters.Parsed.Valid<MetricsQuery>) parsed).query();
		return Mono.fromFuture(() -> metrics.query(query)).flatMap(outcome -> {
			if (outcome instanceof MetricsOutcome.TooManyBuckets tooMany) {
				return Mono.error(MetricsProblems.tooManyBuckets(tooMany.cap()));
			}
			return Mono.just(MetricsResponse.of(((MetricsOutcome.Answered) outcome).report()));
		});
	}

}
