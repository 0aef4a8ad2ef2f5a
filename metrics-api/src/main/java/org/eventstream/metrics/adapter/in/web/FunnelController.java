package org.eventstream.metrics.adapter.in.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.eventstream.metrics.application.port.in.QueryFunnelUseCase;
import org.eventstream.metrics.domain.FunnelQuery;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /events/funnel}. */
@RestController
@Tag(name = "Metrics", description = "Totals and unique users")
public class FunnelController {

	private final QueryFunnelUseCase funnels;

	public FunnelController(QueryFunnelUseCase funnels) {
		this.funnels = funnels;
	}

	@Operation(summary = "Users who went through a sequence of events in order",
			description = "A user (user_id, else user_pseudo_id) reaches a step when its events hold every step "
					+ "before it in order, each after the previous, all within the window of the first "
					+ "(ClickHouse's windowFunnel). Events without a user are not counted. Exact.")
	@ApiResponse(responseCode = "200", content = @Content(
			examples = @ExampleObject("""
					{"steps": ["view_item", "add_to_cart", "purchase"], "window": "PT1H",
					 "from": "2024-01-01T00:00:00Z", "to": "2024-01-31T23:59:59Z",
					 "funnel": [{"step": 1, "event_name": "view_item", "users": 1000, "conversion_from_previous": 1.0, "conversion_from_first": 1.0},
					            {"step": 2, "event_name": "add_to_cart", "users": 300, "conversion_from_previous": 0.3, "conversion_from_first": 0.3},
					            {"step": 3, "event_name": "purchase", "users": 120, "conversion_from_previous": 0.4, "conversion_from_first": 0.12}]}""")))
	@ApiResponse(responseCode = "400", description = "An invalid parameter (each named, with the allowed values)",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "ClickHouse did not answer",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/events/funnel", produces = MediaType.APPLICATION_JSON_VALUE)
	public Mono<FunnelResponse> funnel(@Parameter(
			description = """
					steps (required: 2-10 different event names, comma-separated, in order); window (how long after the first \
					step the last may come: 30s, 15m, 1h, 7d or ISO 8601, 1s to 90d, default 1d); from (required), to \
					(RFC 3339, inclusive; to defaults to now); channel or platform (only these channels); group_by=channel \
					(each channel's funnel too, a user's steps all in that channel); filter (repeatable, as on \
					/events/metrics); country (as on /events/metrics)""") @RequestParam MultiValueMap<String, String> parameters) {
		RequestParameters.Parsed<FunnelQuery> parsed = FunnelRequest.parse(parameters);
		if (parsed instanceof RequestParameters.Parsed.Invalid<FunnelQuery> invalid) {
			return Mono.error(MetricsProblems.invalidParameters(invalid.problems()));
		}
		FunnelQuery query = ((RequestParameters.Parsed.Valid<FunnelQuery>) parsed).query();
		return Mono.fromFuture(() -> funnels.funnel(query)).map(report -> FunnelResponse.of(report, query.byChannel()));
	}

}
