package org.eventstream.benchmarks;

import java.time.Instant;
import java.util.Map;

import com.clickhouse.client.api.Client;

/**
 * The metrics benchmark's dataset, generated inside ClickHouse by one
 * {@code INSERT ... SELECT}: deterministic (a hash of the row number decides every
 * field), so every run measures the same data.
 *
 * <ul>
 * <li>{@code events} rows over the 30 days before {@code end};</li>
 * <li>20 event names, {@code page_view} about 30 %, the other 19 about 3.7 % each;</li>
 * <li>all 6 channels (web 40 %, mobile 35 %, desktop 10 %, tv, console, other 5 %
 * each);</li>
 * <li>1,000,000 distinct users: 70 % of events carry one of 700,000 user ids, 25 % only
 * one of 300,000 pseudo ids, 5 % neither;</li>
 * <li>a user's events all come from one place: 20 countries (the United States 20 %,
 * Germany and India 10 % each, the others 5 %), 30 regions each, their continent.</li>
 * </ul>
 * The writer stores each event id once, so resent events (5 % in the workload)
 * never become rows: the table holds what the writer would have stored after absorbing
 * them, which is what the metrics tier reads.
 */
final class BenchmarkDataset {

	static final String TOP_EVENT = "page_view";

	private static final long CHUNK = 500_000;

	/** Where a user is, from their key (so that a dataset made before geo can get it). */
	private static final String USER = "cityHash64(if(user_id != '', user_id, user_pseudo_id), 11)";

	private static final String COUNTRY = "['United States', 'United States', 'United States', 'United States', "
			+ "'Germany', 'Germany', 'India', 'India', 'United Kingdom', 'Brazil', 'France', 'Japan', 'Canada', "
			+ "'Spain', 'Italy', 'Mexico', 'Australia', 'Netherlands', 'Poland', 'Sweden'][1 + " + USER + " % 20]";

	private static final String CONTINENT = "transform(" + COUNTRY
			+ ", ['United States', 'Canada', 'Mexico', 'Brazil', 'India', 'Japan', 'Australia'], "
			+ "['North America', 'North America', 'North America', 'South America', 'Asia', 'Asia', 'Oceania'], "
			+ "'Europe')";

	private static final String REGION = "concat('Region ', toString(1 + intDiv(" + USER + ", 20) % 30))";

	private BenchmarkDataset() {
	}

	static void generate(Client client, String database, long events, Instant end) {
		long endMicros = end.getEpochSecond() * 1_000_000L;
		long spanMicros = 30L * 86_400 * 1_000_000;
		String sql = """
				INSERT INTO %s.events (event_id, id_source, event_name, channel_type, event_time, received_at,
				    user_id, user_pseudo_id, event_params, user_params, device_category, device_operating_system,
				    device_browser_name, device_language, device_hostname, app_id, app_version, items,
				    geo_continent, geo_country, geo_region, kafka_partition, kafka_offset)
				SELECT
				    toString(reinterpretAsUUID(sipHash128(number))) AS event_id,
				    'client' AS id_source,
				    if(cityHash64(number, 1) %% 1000 < 300, 'page_view',
				       concat('event_', toString(1 + intDiv(cityHash64(number, 1) %% 1000 - 300, 37)))) AS event_name,
				    multiIf(cityHash64(number, 2) %% 100 < 40, 'web', cityHash64(number, 2) %% 100 < 75, 'mobile',
				            cityHash64(number, 2) %% 100 < 85, 'desktop', cityHash64(number, 2) %% 100 < 90, 'tv',
				            cityHash64(number, 2) %% 100 < 95, 'console', 'other') AS channel_type,
				    fromUnixTimestamp64Micro(toInt64({end_us:Int64} - cityHash64(number, 3) %% {span_us:Int64}), 'UTC')
				        AS event_time,
				    event_time AS received_at,
				    if(cityHash64(number, 4) %% 100 < 70, concat('user-', toString(cityHash64(number, 5) %% 700000)), '')
				        AS user_id,
				    if(cityHash64(number, 4) %% 100 BETWEEN 70 AND 94,
				       concat('pseudo-', toString(cityHash64(number, 5) %% 300000)), '') AS user_pseudo_id,
				    [('page_title', concat('Page ', toString(number %% 50)), NULL, NULL),
				     ('scroll_depth', NULL, toFloat64(number %% 100), NULL)] AS event_params,
				    [] AS user_params,
				    if(channel_type = 'mobile', 'mobile', 'desktop') AS device_category,
				    ['Windows', 'macOS', 'Linux', 'iOS', 'Android'][1 + cityHash64(number, 6) %% 5]
				        AS device_operating_system,
				    ['Chrome', 'Safari', 'Firefox', 'Edge'][1 + cityHash64(number, 7) %% 4] AS device_browser_name,
				    ['en-US', 'de-DE', 'fr-FR', 'ja-JP'][1 + cityHash64(number, 8) %% 4] AS device_language,
				    'example.com' AS device_hostname,
				    if(channel_type = 'mobile', 'com.example.app', '') AS app_id,
				    if(channel_type = 'mobile', concat('2.', toString(cityHash64(number, 9) %% 10), '.0'), '')
				        AS app_version,
				    [] AS items,
				    %s AS geo_continent,
				    %s AS geo_country,
				    %s AS geo_region,
				    toUInt32(number %% 6) AS kafka_partition,
				    number AS kafka_offset
				FROM numbers({first:UInt64}, {count:UInt64})
				"""
			.formatted("`" + database + "`", CONTINENT, COUNTRY, REGION);
		for (long first = 0; first < events; first += CHUNK) {
			long count = Math.min(CHUNK, events - first);
			client.queryAll(sql, Map.of("end_us", endMicros, "span_us", spanMicros, "first", first, "count", count));
			System.out.printf("  %,d / %,d%n", first + count, events);
		}
	}

	/**
	 * Gives a dataset generated before events had {@code geo} the places
	 * {@link #generate} gives (one mutation, which the caller awaits), once.
	 */
	static void ensureGeo(Client client, String database) {
		String events = "`" + database + "`.events";
		long located = client.queryAll("SELECT count() AS n FROM " + events + " WHERE geo_country != ''")
			.get(0)
			.getLong("n");
		if (located == 0) {
			System.out.println("giving the dataset's users their places ...");
			client.queryAll("ALTER TABLE " + events + " UPDATE geo_continent = " + CONTINENT + ", geo_country = "
					+ COUNTRY + ", geo_region = " + REGION + " WHERE 1");
		}
	}

}
