package org.eventstream.stack.importer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

import org.eventstream.stack.importer.ImportClient.ChunkResult;
import org.eventstream.stack.importer.ImportClient.ImportFailedException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./event-stream import FILE...}: sends files of history to
 * {@code POST /events/import}, in chunks of lines, each durably accepted before the next
 * is read. A file holds NDJSON in this API's schema, or GA4 BigQuery export rows (see
 * {@link Ga4ExportRow}), or both, one per line, plain or gzip-compressed. Progress is
 * saved after every chunk ({@link ImportState}), so a run cut short resumes where it
 * stopped; rejected lines are reported by their line number in the file.
 */
public final class ImportCommand {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Only lines with this field can be GA4 export rows: the others are not parsed here.
	 */
	private static final byte[] GA4_MARKER = "\"event_timestamp\"".getBytes(StandardCharsets.UTF_8);

	/** Rejected lines shown per file; all are counted. */
	private static final int SHOWN_ERRORS = 20;

	private final ImportClient client;

	private final Path stateDir;

	private final int chunkLines;

	private final Progress progress;

	/**
	 * @param endpoint the API, e.g. {@code http://localhost:8080}
	 * @param writeKey sent as {@code X-API-Key} when present
	 * @param stateDir where the progress of each file is kept
	 * @param chunkLines lines per request
	 * @param progress where progress and results are shown
	 */
	public ImportCommand(URI endpoint, Optional<String> writeKey, Path stateDir, int chunkLines, Progress progress) {
		this.client = new ImportClient(endpoint, writeKey);
		this.stateDir = stateDir;
		this.chunkLines = chunkLines;
		this.progress = progress;
	}

	/**
	 * {@code ./event-stream import FILE... [--endpoint=URL] [--write-key=KEY]
	 * [--chunk-lines=N]}: to {@code defaultEndpoint} (the API of the stack's config)
	 * unless {@code --endpoint} names another; the write key from {@code --write-key} or
	 * {@code EVENT_STREAM_WRITE_KEY} (better: a command line is visible to every user of
	 * the machine); progress kept in {@code stateDir}.
	 * @return the exit status
	 */
	public static int fromCommandLine(List<String> files, Map<String, String> options, Supplier<URI> defaultEndpoint,
			Path stateDir) {
		Progress progress = new Progress(System.out, System.console() != null);
		if (files.isEmpty()) {
			progress.say("name the files to import: ./event-stream import FILE...");
			return 2;
		}
		int chunkLines;
		try {
			chunkLines = Integer.parseInt(options.getOrDefault("chunk-lines", "5000"));
		}
		catch (NumberFormatException ex) {
			chunkLines = 0;
		}
		if (chunkLines < 1 || chunkLines > 100_000) {
			progress.say("--chunk-lines must be a number from 1 to 100000");
			return 2;
		}
		URI endpoint = Optional.ofNullable(options.get("endpoint")).map(URI::create).orElseGet(defaultEndpoint);
		Optional<String> writeKey = Optional.ofNullable(options.get("write-key"))
			.or(() -> Optional.ofNullable(System.getenv("EVENT_STREAM_WRITE_KEY")))
			.filter(key -> !key.isBlank());
		return new ImportCommand(endpoint, writeKey, stateDir, chunkLines, progress)
			.run(files.stream().map(Path::of).toList());
	}

	/**
	 * @return 0 when every file was imported (rejected lines aside), 1 otherwise
	 */
	public int run(List<Path> files) {
		for (Path file : files) {
			if (!Files.isRegularFile(file)) {
				progress.say("no such file: " + file);
				return 1;
			}
		}
		try {
			for (Path file : files) {
				importFile(file);
			}
			return 0;
		}
		catch (ImportFailedException ex) {
			progress.say("the import stopped: " + ex.getMessage() + ". Run the same command again to resume.");
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 1;
		}
		catch (IOException ex) {
			progress.say("cannot read the file: " + ex.getMessage());
			return 1;
		}
	}

	private void importFile(Path file) throws IOException, ImportFailedException, InterruptedException {
		ImportState state = ImportState.of(stateDir, file);
		long skip = state.linesDone();
		long size = Files.size(file);
		Totals totals = new Totals();
		progress.start(file, size, skip);
		try (CountingInputStream raw = new CountingInputStream(Files.newInputStream(file));
				InputStream decompressed = decompressed(raw)) {
			ByteLines lines = new ByteLines(decompressed);
			ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 20);
			long lineNumber = 0;
			long chunkFirstLine = skip + 1;
			int inChunk = 0;
			int withContent = 0;
			for (byte[] line = lines.next(); line != null; line = lines.next()) {
				lineNumber++;
				if (lineNumber <= skip) {
					continue;
				}
				// blank lines go too, so that the API's line numbers stay the file's
				chunk.write(converted(line));
				chunk.write('\n');
				inChunk++;
				withContent += ByteLines.blank(line) ? 0 : 1;
				if (inChunk == chunkLines) {
					send(chunk, withContent, chunkFirstLine, lineNumber, state, totals);
					progress.update(raw.count(), totals.accepted, totals.rejected);
					chunkFirstLine = lineNumber + 1;
					inChunk = 0;
					withContent = 0;
				}
			}
			if (inChunk > 0) {
				send(chunk, withContent, chunkFirstLine, lineNumber, state, totals);
			}
			progress.update(raw.count(), totals.accepted, totals.rejected);
		}
		state.complete();
		progress.done(file, totals.accepted, totals.rejected);
	}

	private void send(ByteArrayOutputStream chunk, int withContent, long chunkFirstLine, long lastLine,
			ImportState state, Totals totals) throws ImportFailedException, InterruptedException {
		if (withContent == 0) {
			chunk.reset();
			state.save(lastLine);
			return;
		}
		ChunkResult result = client.send(chunk.toByteArray());
		chunk.reset();
		totals.accepted += result.accepted();
		totals.rejected += result.rejected();
		for (Map.Entry<Long, String> error : result.errors()) {
			if (totals.shown++ < SHOWN_ERRORS) {
				progress.say("line " + (chunkFirstLine + error.getKey() - 1) + " rejected: " + error.getValue());
			}
		}
		state.save(lastLine);
	}

	/**
	 * A GA4 export row becomes an event of this API; any other line goes as it is (the
	 * API reports what is wrong with it).
	 */
	static byte[] converted(byte[] line) {
		if (contains(line, GA4_MARKER)) {
			try {
				Object tree = JSON.readValue(line, Object.class);
				if (tree instanceof Map<?, ?> map) {
					@SuppressWarnings("unchecked")
					Map<String, Object> row = (Map<String, Object>) map;
					if (Ga4ExportRow.matches(row)) {
						return JSON.writeValueAsBytes(Ga4ExportRow.toEvent(row));
					}
				}
			}
			catch (JacksonException ex) {
				// not JSON: sent as it is, and reported by the API
			}
		}
		return line;
	}

	private static boolean contains(byte[] line, byte[] part) {
		outer: for (int i = 0; i + part.length <= line.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (line[i + j] != part[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	private static InputStream decompressed(InputStream raw) throws IOException {
		BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
		in.mark(2);
		boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
		in.reset();
		return gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
	}

	private static final class Totals {

		long accepted;

		long rejected;

		int shown;

	}

	/** Counts the bytes read from the file, for the progress bar. */
	private static final class CountingInputStream extends FilterInputStream {

		private long count;

		CountingInputStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			count += (b < 0) ? 0 : 1;
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count += Math.max(0, n);
			return n;
		}

		long count() {
			return count;
		}

	}

}
