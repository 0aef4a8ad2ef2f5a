package org.eventstream.metrics.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code event-stream.clickhouse.*}: the store; {@code url} may carry credentials (the
 * seed's form); {@code cluster}, the ClickHouse cluster's name (empty for one server), is
 * where deletions of users run their mutations ({@code ON CLUSTER}).
 */
@ConfigurationProperties("event-stream.clickhouse")
public record ClickHouseProperties(@DefaultValue("http://localhost:8123") String url,
		@DefaultValue("default") String user, @DefaultValue("") String password,
		@DefaultValue("event_stream") String database, @DefaultValue("") String cluster) {
}
