package org.eventstream.localclickhouse.chdb;

import java.nio.file.Path;
import java.util.Objects;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The chDB engine of this process.
 *
 * <p>
 * chDB allows one data directory per process, and closing the last connection shuts the
 * engine down for good, so the engine is a process-wide singleton: {@link #start} opens
 * it once and keeps a sentinel connection open until {@link #close}. Asking for a second,
 * different data directory is refused.
 */
public final class ChdbEngine implements AutoCloseable {

	private static ChdbEngine running;

	private final ChdbNative chdb;

	private final Path dataDir;

	private final ChdbConnection sentinel;

	private ChdbEngine(ChdbNative chdb, Path dataDir) {
		this.chdb = chdb;
		this.dataDir = dataDir;
		this.sentinel = connect();
	}

	public static synchronized ChdbEngine start(Path library, Path dataDir) {
		Path absoluteDir = dataDir.toAbsolutePath().normalize();
		if (running != null) {
			if (!running.dataDir.equals(absoluteDir)) {
				throw new IllegalStateException("chDB already runs on " + running.dataDir + " in this process; it "
						+ "cannot also open " + absoluteDir);
			}
			return running;
		}
		ChdbNative chdb = Native.load(library.toString(), ChdbNative.class);
		// Before the first connection: chDB's signal handlers would otherwise take
		// SIGSEGV from the JVM, which uses
		// it for implicit null checks, and kill the process on its first
		// NullPointerException.
		chdb.chdb_set_signal_handlers_enabled(0);
		running = new ChdbEngine(chdb, absoluteDir);
		return running;
	}

	public String version() {
		return chdb.chdb_version();
	}

	public Path dataDir() {
		return dataDir;
	}

	/** A new session on this engine's data (about a millisecond). */
	public ChdbConnection connect() {
		Pointer handleRef = chdb.chdb_connect(2, new String[] { "clickhouse", "--path=" + dataDir });
		if (handleRef == null || handleRef.getPointer(0) == null) {
			throw new ChdbException(ChdbException.UNKNOWN_EXCEPTION,
					"Code: 1002. DB::Exception: chDB could not open " + dataDir + " (is another process using it?)");
		}
		return new ChdbConnection(chdb, handleRef);
	}

	/**
	 * Closes the sentinel connection, which shuts the engine down once every other
	 * connection is closed. chDB cannot be started again in this process afterwards.
	 */
	@Override
	public void close() {
		synchronized (ChdbEngine.class) {
			sentinel.close();
			chdb.chdb_shutdown();
			running = null;
		}
	}

	@Override
	public String toString() {
		return "chDB " + version() + " on " + Objects.toString(dataDir);
	}

}
