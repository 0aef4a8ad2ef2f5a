package org.eventstream.frontdoor.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code event-stream.front-door.*}.
 *
 * @param ingest the ingest-api instances ({@code EVENT_STREAM_FRONTDOOR_INGEST}, comma
 * separated)
 * @param metrics the metrics-api instances ({@code EVENT_STREAM_FRONTDOOR_METRICS})
 * @param maxBodySize the largest request body forwarded; larger ones get 413 here. Above
 * the ingest tier's own limit, so that the tier's more precise 413 is what clients see.
 * @param maxImportSize the same for {@code /events/import} (history as NDJSON, streamed
 * through), at least the ingest tier's import limit
 * @param connectTimeout how long to try one instance before the next
 * @param responseTimeout how long an instance may take to answer; above the ingest tier's
 * publish deadline
 */
@ConfigurationProperties("event-stream.front-door")
public record FrontDoorProperties(@DefaultValue("http://localhost:8081") List<URI> ingest,
		@DefaultValue("http://localhost:8082") List<URI> metrics, @DefaultValue("8MB") DataSize maxBodySize,
		@DefaultValue("1GB") DataSize maxImportSize, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("30s") Duration responseTimeout) {
}
