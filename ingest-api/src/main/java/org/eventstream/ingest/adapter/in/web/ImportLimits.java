package org.eventstream.ingest.adapter.in.web;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The limits of {@code POST /events/import}, each enforced while the body streams in.
 *
 * @param maxBytes the body after gzip decompression
 * @param chunkEvents lines validated and published together; each chunk is durably in
 * Kafka before the next is read
 * @param maxEventsPerSecond per import, so that history does not crowd out live traffic
 * @param maxConcurrent imports at once on one instance; more get 503 with Retry-After
 * @param maxReportedErrors rejected lines listed in the answer (all are counted)
 */
public record ImportLimits(long maxBytes, int chunkEvents, int maxEventsPerSecond, int maxConcurrent,
		int maxReportedErrors) {

	public ImportLimits {
		if (maxBytes < 1 || chunkEvents < 1 || maxEventsPerSecond < 1 || maxConcurrent < 1 || maxReportedErrors < 0) {
			throw new IllegalArgumentException("import limits must be positive: " + this);
		}
	}

	/** Counts the bytes read and fails once they pass {@link #maxBytes}. */
	InputStream limit(InputStream in) {
		return new FilterInputStream(in) {

			private long read;

			@Override
			public int read() throws IOException {
				int b = super.read();
				count((b < 0) ? 0 : 1);
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int n = super.read(buffer, offset, length);
				count(Math.max(0, n));
				return n;
			}

			private void count(int n) throws TooLarge {
				read += n;
				if (read > maxBytes) {
					throw new TooLarge(maxBytes);
				}
			}

		};
	}

	/** The body passed {@link #maxBytes}. */
	static final class TooLarge extends IOException {

		private final long limit;

		TooLarge(long limit) {
			super("the import is over " + limit + " bytes");
			this.limit = limit;
		}

		long limit() {
			return limit;
		}

	}

}
