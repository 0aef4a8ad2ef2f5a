package org.eventstream.localclickhouse.chdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Finds {@code libchdb.so}: the {@code chdb.library} system property, else the
 * {@code CHDB_LIBRARY} environment variable, else the per-user cache that
 * {@code scripts/fetch-chdb.sh} fills ({@code $EVENT_STREAM_CACHE}, else
 * {@code $XDG_CACHE_HOME/event-stream}, else {@code $HOME/.cache/event-stream}), resolved
 * exactly as the script resolves it: from the environment, empty values counting as
 * unset, and {@code $HOME} before the account's home directory (which is what
 * {@code user.home} holds, and differs when {@code HOME} points elsewhere).
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
		return cacheRoot(System.getenv(), System.getProperty("user.home")).resolve("chdb")
			.resolve(pinnedVersion())
			.resolve("libchdb.so");
	}

	/** The cache root the shell script uses, for this environment. */
	static Path cacheRoot(Map<String, String> environment, String accountHome) {
		java.util.function.Function<String, Optional<String>> variable = name -> Optional
			.ofNullable(environment.get(name))
			.filter(value -> !value.isEmpty());
		return Path.of(variable.apply("EVENT_STREAM_CACHE")
			.or(() -> variable.apply("XDG_CACHE_HOME").map(xdg -> xdg + "/event-stream"))
			.orElseGet(() -> variable.apply("HOME").orElse(accountHome) + "/.cache/event-stream"));
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
