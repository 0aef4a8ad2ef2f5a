package org.eventstream.writer.adapter.out.clickhouse;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.data_formats.ClickHouseBinaryFormatReader;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import org.eventstream.store.Tables;
import org.eventstream.writer.application.port.out.StoreUnavailableException;
import org.eventstream.writer.application.port.out.UserDeletionsPort;

/**
 * The {@code user_deletions} table (migration V7), read before every insert: the rows
 * changed since the last read (with a minute of overlap, as rows of other servers may
 * become visible late), so that a writer reads each deletion a few times and holds every
 * deleted key in memory (about 100 bytes each).
 *
 * <p>
 * A deletion holds the writes while its status is {@code deleting} and its executor
 * refreshed it within {@code holdLimit} (measured on ClickHouse's clock, and never more
 * than the read's overlap): an executor that died does not hold the writers for longer
 * than that.
 */
public final class ClickHouseUserDeletions implements UserDeletionsPort {

	private static final Duration OVERLAP = Duration.ofMinutes(2);

	private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
		.withZone(ZoneOffset.UTC);

	private final Client client;

	private final String table;

	private final long timeoutSeconds;

	private final Duration holdLimit;

	private final Map<String, Row> byId = new HashMap<>();

	private Instant readUpTo = Instant.EPOCH;

	public ClickHouseUserDeletions(Client client, String database, long timeoutSeconds, Duration holdLimit) {
		this.client = client;
		this.table = "`" + database + "`." + Tables.USER_DELETIONS;
		this.timeoutSeconds = timeoutSeconds;
		if (holdLimit.compareTo(OVERLAP) > 0) {
			throw new IllegalArgumentException("the hold limit must be at most " + OVERLAP + ", was " + holdLimit);
		}
		this.holdLimit = holdLimit;
	}

	private record Row(String userKey, Instant requestedAt, Instant updatedAt) {
	}

	@Override
	public synchronized Deletions current() {
		QuerySettings settings = new QuerySettings();
		settings.setNetworkTimeout(timeoutSeconds, ChronoUnit.SECONDS);
		Optional<String> holding = Optional.empty();
		try (QueryResponse response = client
			.query("SELECT deletion_id, user_key, requested_at, status, updated_at, "
					+ "status = 'deleting' AND updated_at > now64(6) - toIntervalMillisecond({hold:UInt64}) AS holds "
					+ "FROM " + table + " FINAL WHERE updated_at >= {since:DateTime64(6, 'UTC')}",
					Map.of("since", SINCE.format(readUpTo.minus(OVERLAP)), "hold", holdLimit.toMillis()), settings)
			.get()) {
			ClickHouseBinaryFormatReader reader = client.newBinaryFormatReader(response);
			while (reader.hasNext()) {
				reader.next();
				Row row = new Row(reader.getString("user_key"), instant(reader.getZonedDateTime("requested_at")),
						instant(reader.getZonedDateTime("updated_at")));
				byId.merge(reader.getString("deletion_id"), row,
						(known, read) -> read.updatedAt().isBefore(known.updatedAt()) ? known : read);
				if (reader.getBoolean("holds")) {
					holding = Optional.of(reader.getString("deletion_id"));
				}
				if (row.updatedAt().isAfter(readUpTo)) {
					readUpTo = row.updatedAt();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while reading the deletions of users", ex);
		}
		catch (Exception ex) {
			throw new StoreUnavailableException(
					"could not read the deletions of users within " + timeoutSeconds + " s: " + ex.getMessage(), ex);
		}
		Map<String, Instant> deletedAt = new HashMap<>();
		for (Row row : byId.values()) {
			deletedAt.merge(row.userKey(), row.requestedAt(), (a, b) -> a.isAfter(b) ? a : b);
		}
		return byId.isEmpty() ? Deletions.NONE : new Deletions(deletedAt, holding);
	}

	private static Instant instant(ZonedDateTime time) {
		return time.toInstant();
	}

}
