package org.eventstream.localclickhouse.chdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds {@code libchdb.so}: the {@code chdb.library} system property, else the
 * {@code CHDB_LIBRARY} environment variable, else the per-user cache that
 * {@code scripts/fetch-chdb.sh} fills ({@code $EVENT_STREAM_CACHE}, else
 * {@code $XDG_CACHE_HOME/event-stream}, else {@code ~/.cache/event-stream}).
 */
public final class ChdbLibraryLocator {

	private ChdbLibraryLocator() {
	}

	/** The pinned chDB version, from {@code chdb.properties}. */
	public static String pinnedVersion() {
		Properties properties = new Properties();
		try (InputStream in = ChdbLibraryLocator.class.getResourceAsStream("/chdb.properties")) {
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("chdb.properties is missing from the classpath", ex);
		}
		return properties.getProperty("version");
	}

	public static Path locate() {
		Optional<Path> configured = Optional.ofNullable(System.getProperty("chdb.library"))
			.or(() -> Optional.ofNullable(System.getenv("CHDB_LIBRARY")))
			.filter(path -> !path.isBlank())
			.map(Path::of);
		Path library = configured.orElseGet(ChdbLibraryLocator::cachedLibrary);
		if (!Files.isRegularFile(library)) {
			throw new ChdbNotInstalledException(library);
		}
		return library;
	}

	private static Path cachedLibrary() {
		String cacheRoot = Optional.ofNullable(System.getenv("EVENT_STREAM_CACHE"))
			.or(() -> Optional.ofNullable(System.getenv("XDG_CACHE_HOME")).map(xdg -> xdg + "/event-stream"))
			.orElse(System.getProperty("user.home") + "/.cache/event-stream");
		return Path.of(cacheRoot, "chdb", pinnedVersion(), "libchdb.so");
	}

	/** libchdb.so is not where it was looked for. */
	public static final class ChdbNotInstalledException extends RuntimeException {

		ChdbNotInstalledException(Path library) {
			super("The chDB engine is not installed at " + library + ". Run scripts/fetch-chdb.sh (it downloads "
					+ "chDB " + pinnedVersion() + " from the npm registry), or point -Dchdb.library / CHDB_LIBRARY "
					+ "at a libchdb.so.");
		}

	}

}
