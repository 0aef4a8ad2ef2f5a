package org.eventstream.writer.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code event-stream.clickhouse.*}: the store. {@code url} may carry credentials, as in
 * the seed's {@code http://user:1234@localhost:8123}. {@code cluster}: the name of a
 * ClickHouse cluster ({@code EVENT_STREAM_CLICKHOUSE_CLUSTER}); when set, the schema is
 * created {@code ON CLUSTER} with replicated tables behind {@code Distributed} ones, and
 * inserts wait for their shard (docs/SCALING.md).
 */
@ConfigurationProperties("event-stream.clickhouse")
public record ClickHouseProperties(@DefaultValue("http://localhost:8123") String url,
		@DefaultValue("default") String user, @DefaultValue("") String password,
		@DefaultValue("event_stream") String database, @DefaultValue("") String cluster) {

	public java.util.Optional<org.eventstream.store.ClusterDdl> clusterDdl() {
		return cluster.isBlank() ? java.util.Optional.empty()
				: java.util.Optional.of(new org.eventstream.store.ClusterDdl(cluster.strip()));
	}

}
