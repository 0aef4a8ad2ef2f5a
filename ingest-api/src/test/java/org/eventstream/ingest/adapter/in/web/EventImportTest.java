package org.eventstream.ingest.adapter.in.web;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eventstream.ingest.application.port.in.IngestEventsUseCase;
import org.eventstream.ingest.application.port.in.IngestResult;
import org.eventstream.ingest.application.port.out.GeoLocationPort;
import org.eventstream.ingest.application.service.InFlightEvents;
import org.eventstream.ingest.application.service.IngestEventsService;
import org.eventstream.ingest.application.service.RecordingPublisher;
import org.eventstream.model.identity.EventIdentifier;
import org.eventstream.model.time.EventTimePolicy;
import org.eventstream.model.validation.EventLimits;
import org.eventstream.model.validation.EventReader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventImportTest {

	static final RequestLimits LIMITS = new RequestLimits(4 << 20, 1000, 64 << 10, 16, 65536, 64);

	/**
	 * 100 MB of NDJSON, made as it is read and never held: the import publishes chunk
	 * after chunk while the body is still arriving, each chunk at most the chunk size.
	 */
	@Test
	void a100MegabyteImportStreamsThroughInChunksNeverHeldWhole() {
		GeneratedNdjson body = new GeneratedNdjson(100L << 20);
		RecordingPublisher publisher = new RecordingPublisher();
		List<Long> bytesReadAtEachChunk = new ArrayList<>();
		List<Integer> chunkSizes = new ArrayList<>();
		IngestEventsService service = new IngestEventsService(Clock.systemUTC(), new EventReader(EventLimits.DEFAULTS),
				EventTimePolicy.DEFAULTS, EventIdentifier.withRandomUuids(), publisher, new InFlightEvents(10_000),
				GeoLocationPort.NONE);
		IngestEventsUseCase recording = command -> {
			bytesReadAtEachChunk.add(body.served);
			chunkSizes.add(command.events().size());
			CompletableFuture<IngestResult> result = service.ingest(command);
			publisher.published.clear(); // a fake Kafka that keeps nothing
			return result;
		};
		ImportLimits limits = new ImportLimits(200L << 20, 1000, Integer.MAX_VALUE, 1, 10);

		IngestResponses.ImportAccepted summary = new EventImport(recording, new EventJsonParser(LIMITS), limits,
				LIMITS.maxEventBytes())
			.run(body, false);

		assertThat(summary.accepted()).isEqualTo(body.lines).isGreaterThan(500_000);
		assertThat(summary.rejected()).isZero();
		assertThat(chunkSizes).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(1000));
		assertThat(bytesReadAtEachChunk.get(0)).as("bytes read when the first chunk was published")
			.isLessThan(1L << 20);
		assertThat(bytesReadAtEachChunk.get(bytesReadAtEachChunk.size() / 2)).as("half way")
			.isBetween(40L << 20, 60L << 20);
	}

	/** Events of about 170 bytes, one per line, generated on demand. */
	static final class GeneratedNdjson extends InputStream {

		private final long size;

		long served;

		long lines;

		private byte[] line = new byte[0];

		private int position;

		GeneratedNdjson(long size) {
			this.size = size;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			if (position == line.length) {
				if (served >= size) {
					return -1;
				}
				lines++;
				line = ("{\"name\":\"page_view\",\"channel_type\":\"web\",\"user_id\":\"user-" + (lines % 1000)
						+ "\",\"timestamp\":" + (1_600_000_000L + lines) + ",\"event_params\":[{\"key\":\"n\","
						+ "\"number_value\":" + lines + "}]}\n")
					.getBytes(StandardCharsets.UTF_8);
				position = 0;
			}
			int n = Math.min(length, line.length - position);
			System.arraycopy(line, position, buffer, offset, n);
			position += n;
			served += n;
			return n;
		}

	}

}
