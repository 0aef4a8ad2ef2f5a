package org.eventstream.writer.adapter.out.clickhouse;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.eventstream.model.event.EventId;
import org.eventstream.store.Tables;
import org.eventstream.writer.application.port.in.ConsumedEvent;
import org.eventstream.writer.application.port.out.FindStoredEventIdsPort;
import org.eventstream.writer.application.port.out.InsertEventsPort;
import org.eventstream.writer.application.port.out.StoreUnavailableException;

/**
 * The {@code events} table in ClickHouse. Lookups of stored ids go through the
 * {@code by_event_id} projection: runs of ids that sort by time as ranges
 * ({@link IdRanges}), the rest in chunks as long as a URL allows (each chunk's ids travel
 * as server-side parameters, never as SQL text); inserts are one block of ClickHouse's
 * Native format ({@link EventNativeBlock}: columns cost ClickHouse less to store than
 * rows) with {@code insert_deduplication_token}.
 *
 * <p>
 * The table and its rollups are partitioned by month, and ClickHouse refuses an insert
 * whose rows fall into more than {@value #MAX_PARTITIONS_PER_INSERT} partitions. A batch
 * of history can span years, so it is inserted as one insert per (at most)
 * {@value #MAX_PARTITIONS_PER_INSERT} months, in month order, the n-th carrying the
 * batch's token with {@code -n} appended: the same batch always splits the same way, so a
 * retry repeats every insert with its own token and the ones already stored are ignored.
 *
 * <p>
 * Both are bounded by the writer's insert timeout as a per-request network timeout: the
 * client runs each operation on the calling thread, so a deadline on its future would
 * only be checked after the call returned, and a server that accepted the connection but
 * stopped answering would hold the batch for the client's whole socket timeout.
 */
public final class ClickHouseEventStore implements FindStoredEventIdsPort, InsertEventsPort {

	/**
	 * One lookup parameter's ids: a comma-separated string ({@link #idList}) split into a
	 * constant array (not a subquery, so that in cluster mode
	 * {@code optimize_skip_unused_shards} can still tell the shards the ids hash to).
	 */
	static final String LOOKUP_IDS = "splitByChar(',', {%s:String})";

	/**
	 * ClickHouse's default {@code max_partitions_per_insert_block}, set on each insert.
	 */
	static final int MAX_PARTITIONS_PER_INSERT = 100;

	private final Client client;

	private final String table;

	private final long timeoutSeconds;

	private final Timer insertLatency;

	private final Counter rowsWritten;

	private final Timer freshness;

	private final Clock clock;

	private final boolean distributed;

	/** Lookups left before ranges are tried again, after a range held too many ids. */
	static final int LIST_ONLY_AFTER_OVERFLOW = 100;

	private final AtomicInteger listOnly = new AtomicInteger();

	private final Counter rangesOverflowed;

	private final Counter idsByRange;

	private final Counter idsByList;

	private final Counter rangeRowsRead;

	/**
	 * What an inserting thread's block may keep between inserts (its columns grow to the
	 * largest batch; 23,000 of the seed's example events keep ~13 MB): a block that grew
	 * past it, on a batch of unusually large events, is dropped after its insert.
	 */
	static final long MAX_RETAINED_BYTES = 64L << 20;

	/** Each inserting thread's block, whose buffers serve the inserts it makes. */
	private final ThreadLocal<EventNativeBlock> blocks = ThreadLocal.withInitial(EventNativeBlock::new);

	public ClickHouseEventStore(Client client, String database, long timeoutSeconds, MeterRegistry meters) {
		this(client, database, timeoutSeconds, meters, false);
	}

	/**
	 * @param distributed {@code events} is a {@code Distributed} table (cluster mode):
	 * inserts return only once their shard has the rows
	 */
	public ClickHouseEventStore(Client client, String database, long timeoutSeconds, MeterRegistry meters,
			boolean distributed) {
		this.distributed = distributed;
		this.client = client;
		this.table = "`" + database + "`." + Tables.EVENTS;
		this.timeoutSeconds = timeoutSeconds;
		this.insertLatency = Timer.builder("event_stream.writer.insert.latency")
			.description("Time to build one batch's block and for ClickHouse to acknowledge its insert")
			.publishPercentileHistogram()
			.register(meters);
		this.rowsWritten = Counter.builder("event_stream.writer.rows.written")
			.description("Rows inserted into ClickHouse")
			.register(meters);
		// what the writer promises: an accepted event is queryable within seconds. The
		// two ends are read on two hosts' clocks (ingest-api's received_at, the writer's
		// now): their skew shows here, and a negative age counts as zero
		this.freshness = Timer.builder("event_stream.writer.freshness")
			.description("Time from ingest-api's receipt of an event to ClickHouse's acknowledgement of its insert")
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(10))
			.maximumExpectedValue(Duration.ofMinutes(10))
			.register(meters);
		this.clock = meters.config().clock();
		this.rangesOverflowed = Counter.builder("event_stream.writer.lookup.ranges.overflowed")
			.description("Lookups by range that found more stored ids than their limit and were made by list")
			.register(meters);
		this.idsByRange = idsLookedUp(meters, "range");
		this.idsByList = idsLookedUp(meters, "list");
		this.rangeRowsRead = Counter.builder("event_stream.writer.lookup.ranges.rows")
			.description("Stored ids that lookups by range read back (the run's own and their neighbours')")
			.register(meters);
	}

	@Override
	public Set<String> findStored(Collection<String> ids) {
		// sorted, so that each chunk is a narrow range of ids: ClickHouse then reads only
		// the granules of the id projection that range covers. Unsorted, every chunk of
		// random ids touched nearly every granule, and a batch read the whole id column
		// once per chunk (a lookup cost that grew with the table: docs/PERFORMANCE.md)
		List<String> all = new ArrayList<>(ids);
		Collections.sort(all);
		Set<String> stored = new HashSet<>();
		IdRanges.Plan plan = listOnly.getAndUpdate(left -> Math.max(0, left - 1)) > 0
				? new IdRanges.Plan(List.of(), all) : IdRanges.of(all);
		List<String> listed = plan.listed();
		for (List<String> run : plan.ranges()) {
			if (!findStoredInRange(run, stored)) {
				listed = new ArrayList<>(listed);
				listed.addAll(run);
				listed.sort(null);
				rangesOverflowed.increment();
				// many stored ids lie among this writer's own (other writers'
				// partitions, a backlog): lists, until the next try
				listOnly.set(LIST_ONLY_AFTER_OVERFLOW);
			}
		}
		for (List<String> chunk : UrlChunks.of(listed, UrlChunks.MAX_BYTES)) {
			QuerySettings settings = lookupSettings();
			if (distributed) {
				// ask only the shards the ids hash to (the table is sharded by
				// cityHash64(event_id))
				settings.serverSetting("optimize_skip_unused_shards", "1");
			}
			UrlChunks.Bound bound = UrlChunks.bind(chunk, "ids", LOOKUP_IDS, ClickHouseEventStore::idList);
			query("SELECT event_id FROM " + table + " WHERE event_id IN " + bound.sql(), bound.parameters(), settings,
					stored::add);
		}
		idsByRange.increment(all.size() - listed.size());
		idsByList.increment(listed.size());
		return stored;
	}

	/**
	 * Adds the ids of {@code run} that are stored, read as every stored id between its
	 * first and last; {@code false} if that range holds {@link IdRanges#rowLimit} stored
	 * ids or more (what was added is stored all the same). Each id read is kept only if
	 * the run holds it: the others die young, not in a list that outlives a collection.
	 */
	private boolean findStoredInRange(List<String> run, Set<String> stored) {
		int limit = IdRanges.rowLimit(run);
		long read = query("SELECT event_id FROM " + table
				+ " WHERE event_id BETWEEN {first:String} AND {last:String} LIMIT " + limit,
				Map.of("first", run.get(0), "last", run.get(run.size() - 1)), lookupSettings(), id -> {
					if (Collections.binarySearch(run, id) >= 0) {
						stored.add(id);
					}
				});
		rangeRowsRead.increment(read);
		return read < limit;
	}

	private QuerySettings lookupSettings() {
		QuerySettings settings = new QuerySettings();
		settings.setNetworkTimeout(timeoutSeconds, ChronoUnit.SECONDS);
		return settings;
	}

	/** Hands each id the statement answers to {@code ids}; how many it answered. */
	private long query(String sql, Map<String, Object> parameters, QuerySettings settings, Consumer<String> ids) {
		return Statements.run(client, sql, parameters, settings, timeoutSeconds, "look up stored event ids",
				Statements.strings(client, ids));
	}

	private static Counter idsLookedUp(MeterRegistry meters, String form) {
		return Counter.builder("event_stream.writer.lookup.ids")
			.description("Event ids looked up in ClickHouse, by the form of the lookup (IdRanges)")
			.tag("form", form)
			.register(meters);
	}

	/**
	 * Ids joined by commas, a {@link #LOOKUP_IDS} parameter. One string costs ClickHouse
	 * less to parse and analyse than an array literal of thousands of quoted strings. The
	 * ids are well formed ({@link EventId#isWellFormed}: letters, digits and
	 * {@code ._:-}; every record's id was checked when it was read), so none holds the
	 * separator; one that did would be refused here rather than split.
	 */
	static String idList(List<String> ids) {
		StringBuilder list = new StringBuilder(ids.size() * 37);
		for (String id : ids) {
			if (id.isEmpty() || id.indexOf(',') >= 0) {
				throw new IllegalArgumentException("not an event id: " + id);
			}
			list.append(list.isEmpty() ? "" : ",").append(id);
		}
		return list.toString();
	}

	@Override
	public void insert(List<ConsumedEvent> events, String deduplicationToken) {
		if (events.isEmpty()) {
			return;
		}
		List<List<ConsumedEvent>> blocks = byMonths(events, MAX_PARTITIONS_PER_INSERT);
		for (int block = 0; block < blocks.size(); block++) {
			String token = (deduplicationToken == null || blocks.size() == 1) ? deduplicationToken
					: deduplicationToken + "-" + block;
			insertBlock(blocks.get(block), token);
		}
	}

	/**
	 * The events in blocks of at most {@code months} calendar months (UTC) each, in month
	 * order; within a month, in their order.
	 */
	static List<List<ConsumedEvent>> byMonths(List<ConsumedEvent> events, int months) {
		SortedMap<YearMonth, List<ConsumedEvent>> byMonth = new TreeMap<>();
		for (ConsumedEvent event : events) {
			byMonth
				.computeIfAbsent(YearMonth.from(event.event().eventTime().atOffset(ZoneOffset.UTC)),
						month -> new ArrayList<>())
				.add(event);
		}
		if (byMonth.size() <= months) {
			return List.of(events);
		}
		List<List<ConsumedEvent>> blocks = new ArrayList<>();
		List<ConsumedEvent> block = new ArrayList<>();
		int monthsInBlock = 0;
		for (List<ConsumedEvent> month : byMonth.values()) {
			if (monthsInBlock == months) {
				blocks.add(block);
				block = new ArrayList<>();
				monthsInBlock = 0;
			}
			block.addAll(month);
			monthsInBlock++;
		}
		blocks.add(block);
		return blocks;
	}

	private void insertBlock(List<ConsumedEvent> events, String deduplicationToken) {
		InsertSettings settings = new InsertSettings();
		settings.serverSetting("max_partitions_per_insert_block", Integer.toString(MAX_PARTITIONS_PER_INSERT));
		// The batch holds each event id once (the service keeps the first), so merging
		// the block on insert, as ReplacingMergeTree does by default, finds nothing to
		// collapse; it cost ClickHouse ~5 µs per stored event (docs/PERFORMANCE.md).
		// Merges remain the safety net.
		settings.serverSetting("optimize_on_insert", "0");
		if (deduplicationToken != null) {
			settings.setDeduplicationToken(deduplicationToken);
		}
		else {
			settings.serverSetting("insert_deduplicate", "0");
		}
		settings.setNetworkTimeout(timeoutSeconds, ChronoUnit.SECONDS);
		if (distributed) {
			settings.serverSetting("distributed_foreground_insert", "1");
		}
		try {
			InsertResponse response = insertLatency.recordCallable(
					() -> client
						.insert(table, EventNativeBlock.NAMES, out -> writeBlock(out, events), ClickHouseFormat.Native,
								settings)
						.get());
			try (response) {
				rowsWritten.increment(events.size());
				recordFreshness(events);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while inserting", ex);
		}
		catch (Exception ex) {
			throw new StoreUnavailableException(
					"ClickHouse did not acknowledge the insert of " + events.size() + " events: " + ex.getMessage(),
					ex);
		}
	}

	private void recordFreshness(List<ConsumedEvent> events) {
		long nowMicros = clock.wallTime() * 1_000;
		for (ConsumedEvent event : events) {
			freshness.record(Math.max(0, nowMicros - event.event().receivedAtMicros()), TimeUnit.MICROSECONDS);
		}
	}

	private void writeBlock(OutputStream raw, List<ConsumedEvent> events) throws IOException {
		OutputStream out = new BufferedOutputStream(raw, 1 << 16);
		EventNativeBlock block = blocks.get();
		block.write(out, events);
		out.flush();
		if (block.retainedBytes() > MAX_RETAINED_BYTES) {
			blocks.remove();
		}
	}

}
