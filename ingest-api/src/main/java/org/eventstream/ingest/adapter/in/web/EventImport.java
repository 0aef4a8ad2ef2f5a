package org.eventstream.ingest.adapter.in.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.eventstream.ingest.application.port.in.EventOutcome;
import org.eventstream.ingest.application.port.in.IngestCommand;
import org.eventstream.ingest.application.port.in.IngestEventsUseCase;
import org.eventstream.ingest.application.port.in.IngestOverloadedException;
import org.eventstream.ingest.application.port.in.IngestResult;
import org.eventstream.ingest.application.port.in.SubmittedEvent;
import org.eventstream.model.validation.Violation;
import org.springframework.web.ErrorResponseException;

/**
 * One {@code POST /events/import}: reads the NDJSON body line by line, validates and
 * publishes the lines in chunks, each durably in Kafka before the next chunk is read. So
 * memory holds one chunk, whatever the body's size, and the answer (sent after the last
 * chunk) covers every line. Blocking: runs on a worker thread.
 *
 * <p>
 * When the import cannot go on (Kafka unavailable, the body over its limit, the client
 * gone), the problem it answers says through which line everything was accepted: a client
 * may resend from the next line, or resend it all, since imported events carry their own
 * time and so their ids derive from their content.
 */
final class EventImport {

	private static final Duration OVERLOAD_PATIENCE = Duration.ofSeconds(30);

	private final IngestEventsUseCase ingest;

	private final EventJsonParser parser;

	private final ImportLimits limits;

	private final int maxLineBytes;

	private final List<SubmittedEvent> chunk = new ArrayList<>();

	private final List<Long> chunkLines = new ArrayList<>();

	private final List<Map<String, Object>> errors = new ArrayList<>();

	private long accepted;

	private long rejected;

	private long processedThroughLine;

	private long chunkStartedNanos = System.nanoTime();

	EventImport(IngestEventsUseCase ingest, EventJsonParser parser, ImportLimits limits, int maxLineBytes) {
		this.ingest = ingest;
		this.parser = parser;
		this.limits = limits;
		this.maxLineBytes = maxLineBytes;
	}

	/**
	 * @param body the request body as received
	 * @param gzip whether it is gzip-compressed
	 */
	IngestResponses.ImportAccepted run(InputStream body, boolean gzip) {
		NdjsonLines lines;
		try {
			lines = new NdjsonLines(limits.limit(gzip ? new GZIPInputStream(body, 1 << 16) : body), maxLineBytes);
			for (Optional<NdjsonLines.Line> line = lines.next(); line.isPresent(); line = lines.next()) {
				chunk.add(submitted(line.get()));
				chunkLines.add(line.get().number());
				if (chunk.size() == limits.chunkEvents()) {
					publishChunk();
				}
			}
		}
		catch (IOException ex) {
			throw stopped(ex);
		}
		if (!chunk.isEmpty()) {
			publishChunk();
		}
		if (accepted + rejected == 0) {
			throw ApiProblem.invalidRequest("", "The import has no event: send one JSON event per line");
		}
		if (accepted == 0) {
			throw ApiProblem.noValidLine(rejected, errors, errorsTruncated());
		}
		return new IngestResponses.ImportAccepted(lines.count(), accepted, rejected, errors, errorsTruncated());
	}

	private SubmittedEvent submitted(NdjsonLines.Line line) {
		if (line instanceof NdjsonLines.Text text) {
			return parser.line(text.bytes());
		}
		return new SubmittedEvent.Unreadable(new Violation("", "the line is " + ((NdjsonLines.TooLong) line).bytes()
				+ " bytes; the limit for one event is " + maxLineBytes + " bytes"));
	}

	private void publishChunk() {
		IngestResult result = publish(IngestCommand.imported(chunk, Optional.empty(), false));
		for (int index = 0; index < chunk.size(); index++) {
			if (result.outcomes().get(index) instanceof EventOutcome.Rejected rejection) {
				rejected++;
				if (errors.size() < limits.maxReportedErrors()) {
					errors.add(Map.of("line", chunkLines.get(index), "errors",
							rejection.violations().stream().map(ApiProblem::error).toList()));
				}
			}
			else {
				accepted++;
			}
		}
		processedThroughLine = chunkLines.get(chunkLines.size() - 1);
		pace(chunk.size());
		chunk.clear();
		chunkLines.clear();
	}

	/** Publishes a chunk, waiting out a busy instance for a while. */
	private IngestResult publish(IngestCommand command) {
		long giveUpAt = System.nanoTime() + OVERLOAD_PATIENCE.toNanos();
		long pauseMillis = 50;
		while (true) {
			try {
				return ingest.ingest(command).get();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw stopped(ex);
			}
			catch (ExecutionException | CompletionException ex) {
				if (!(ex.getCause() instanceof IngestOverloadedException) || System.nanoTime() > giveUpAt) {
					throw stopped(ex.getCause());
				}
			}
			catch (IngestOverloadedException ex) {
				if (System.nanoTime() > giveUpAt) {
					throw stopped(ex);
				}
			}
			sleep(pauseMillis);
			pauseMillis = Math.min(1000, pauseMillis * 2);
		}
	}

	/** Holds the import to its events-per-second limit. */
	private void pace(int events) {
		long minimumNanos = events * 1_000_000_000L / limits.maxEventsPerSecond();
		long elapsed = System.nanoTime() - chunkStartedNanos;
		if (elapsed < minimumNanos) {
			sleep((minimumNanos - elapsed) / 1_000_000);
		}
		chunkStartedNanos = System.nanoTime();
	}

	private boolean errorsTruncated() {
		return rejected > errors.size();
	}

	private RuntimeException stopped(Throwable cause) {
		ErrorResponseException why;
		if (cause instanceof ImportLimits.TooLarge tooLarge) {
			why = ApiProblem.tooLarge("The import", tooLarge.limit());
		}
		else if (cause instanceof ZipException) {
			why = ApiProblem.invalidRequest("", "The body is not valid gzip: " + cause.getMessage());
		}
		else {
			why = IngestProblems.response(cause)
				.orElseGet(() -> ApiProblem.invalidRequest("",
						"The body could not be read to its end: " + cause.getMessage()));
		}
		return ApiProblem.importStopped(why, processedThroughLine, accepted);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
