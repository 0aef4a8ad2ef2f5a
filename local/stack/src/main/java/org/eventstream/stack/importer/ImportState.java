package org.eventstream.stack.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * How far the import of one file got: the number of its lines whose events are durably
 * accepted, saved after every acknowledged chunk (written to a temporary file, then
 * renamed over the old one, so a crash leaves either the old or the new state). A file
 * that changed since (size or modification time) starts again from its first line. A
 * resumed import never double counts in any case: imported events are identified by their
 * content, so a line sent twice is stored once.
 */
final class ImportState {

	private final Path stateFile;

	private final String identity;

	private long linesDone;

	private ImportState(Path stateFile, String identity, long linesDone) {
		this.stateFile = stateFile;
		this.identity = identity;
		this.linesDone = linesDone;
	}

	static ImportState of(Path stateDir, Path file) {
		try {
			Path absolute = file.toAbsolutePath().normalize();
			String identity = absolute + "\n" + Files.size(file) + "\n" + Files.getLastModifiedTime(file).toMillis();
			Path stateFile = stateDir.resolve(
					file.getFileName() + "-" + DigestUtils.sha256Hex(absolute.toString()).substring(0, 16) + ".import");
			long done = 0;
			if (Files.exists(stateFile)) {
				Properties saved = new Properties();
				try (var in = Files.newBufferedReader(stateFile, StandardCharsets.UTF_8)) {
					saved.load(in);
				}
				if (identity.equals(saved.getProperty("file"))) {
					done = Long.parseLong(saved.getProperty("lines_done", "0"));
				}
			}
			return new ImportState(stateFile, identity, done);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the import state of " + file, ex);
		}
	}

	long linesDone() {
		return linesDone;
	}

	Path file() {
		return stateFile;
	}

	void save(long lines) {
		linesDone = lines;
		Properties state = new Properties();
		state.setProperty("file", identity);
		state.setProperty("lines_done", Long.toString(lines));
		try {
			Files.createDirectories(stateFile.getParent());
			Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
			try (var out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
				state.store(out, "./event-stream import: lines of the file durably accepted");
			}
			Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot save the import state in " + stateFile, ex);
		}
	}

	/** The file is imported: a later run starts again (and stores nothing new). */
	void complete() {
		try {
			Files.deleteIfExists(stateFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
