package org.eventstream.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.eventstream.writer.application.port.in.ConsumedEvent;

/**
 * What lz4 costs per event, lz4-java's Java implementation against its JNI build, on the
 * records ingest-api sends: 10,000 events of the load benchmark's kind encoded as Kafka
 * records, compressed and decompressed in Kafka's 64 KB lz4 blocks, for each
 * implementation in turn (a warm-up, then the measured seconds), on one thread, its CPU
 * time.
 *
 * <pre>
 * Lz4Cost [SECONDS]    (default 10 per implementation)
 * </pre>
 */
public final class Lz4Cost {

	private static final int KAFKA_LZ4_BLOCK = 64 * 1024;

	private static final int EVENTS = 10_000;

	private Lz4Cost() {
	}

	public static void main(String[] args) {
		long seconds = (args.length > 0) ? Long.parseLong(args[0]) : 10;
		byte[] records = records(Baselines.consumedEvents(EVENTS, 1));
		System.out.printf("%,d events, %,d bytes of records (%.0f per event), %d KB blocks%n", EVENTS, records.length,
				(double) records.length / EVENTS, KAFKA_LZ4_BLOCK / 1024);
		for (LZ4Factory factory : List.of(LZ4Factory.safeInstance(), LZ4Factory.nativeInstance())) {
			measure(factory, records, seconds / 3);
			measure(factory, records, seconds).print(factory);
		}
	}

	private static byte[] records(List<ConsumedEvent> events) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		events.forEach(event -> out.writeBytes(event.event().record()));
		return out.toByteArray();
	}

	private static Result measure(LZ4Factory factory, byte[] data, long seconds) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		LZ4Compressor compressor = factory.fastCompressor();
		LZ4SafeDecompressor decompressor = factory.safeDecompressor();
		byte[] compressed = new byte[compressor.maxCompressedLength(KAFKA_LZ4_BLOCK)];
		byte[] restored = new byte[KAFKA_LZ4_BLOCK];
		long compressNanos = 0;
		long decompressNanos = 0;
		long compressedBytes = 0;
		long passes = 0;
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		while (System.nanoTime() < end) {
			for (int offset = 0; offset < data.length; offset += KAFKA_LZ4_BLOCK) {
				int length = Math.min(KAFKA_LZ4_BLOCK, data.length - offset);
				long started = threads.getCurrentThreadCpuTime();
				int size = compressor.compress(data, offset, length, compressed, 0);
				long compressedAt = threads.getCurrentThreadCpuTime();
				int back = decompressor.decompress(compressed, 0, size, restored, 0);
				decompressNanos += threads.getCurrentThreadCpuTime() - compressedAt;
				compressNanos += compressedAt - started;
				compressedBytes += size;
				if (back != length || !Arrays.equals(restored, 0, back, data, offset, offset + length)) {
					throw new IllegalStateException(factory + " did not restore a block");
				}
			}
			passes++;
		}
		return new Result(passes * EVENTS, compressNanos, decompressNanos,
				(double) compressedBytes / passes / data.length);
	}

	private record Result(long events, long compressNanos, long decompressNanos, double ratio) {

		void print(LZ4Factory factory) {
			System.out.printf("%-20s CPU µs per event: compress %.3f, decompress %.3f; compressed to %.1f %%%n",
					factory, compressNanos / 1e3 / events, decompressNanos / 1e3 / events, ratio * 100);
		}

	}

}
