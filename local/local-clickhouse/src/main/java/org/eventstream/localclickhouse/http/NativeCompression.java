package org.eventstream.localclickhouse.http;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.clickhouse.data.ClickHouseCityHash;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * ClickHouse's native compressed block format, used over HTTP with {@code compress=1}
 * (responses) and {@code decompress=1} (request bodies). Each block is
 * {@code [CityHash128 v1.0.2 of the rest: 16 bytes][method: 1 byte][compressed size incl. this 9-byte header: UInt32 LE][uncompressed size: UInt32 LE][data]}.
 * Clients verify the checksum, so it must be exact.
 */
final class NativeCompression {

	static final int BLOCK_SIZE = 1 << 20;

	private static final int CHECKSUM = 16;

	private static final int HEADER = 9;

	private static final byte METHOD_NONE = 0x02;

	private static final byte METHOD_LZ4 = (byte) 0x82;

	private static final LZ4Factory LZ4 = jniIfItLoads();

	private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();

	private static final LZ4FastDecompressor DECOMPRESSOR = LZ4.fastDecompressor();

	private NativeCompression() {
	}

	/**
	 * lz4-java's JNI build, as a ClickHouse server compresses in native code: in the
	 * executable jar lz4-java sits in a nested class loader, where
	 * {@code LZ4Factory.fastestInstance()} would keep to its Java implementation.
	 */
	private static LZ4Factory jniIfItLoads() {
		try {
			return LZ4Factory.nativeInstance();
		}
		catch (Throwable ex) {
			return LZ4Factory.fastestJavaInstance();
		}
	}

	/**
	 * Frames {@code data} as LZ4 blocks of at most {@value #BLOCK_SIZE} uncompressed
	 * bytes.
	 */
	static byte[] compress(byte[] data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
		for (int offset = 0; offset < data.length; offset += BLOCK_SIZE) {
			int length = Math.min(BLOCK_SIZE, data.length - offset);
			byte[] block = new byte[CHECKSUM + HEADER + COMPRESSOR.maxCompressedLength(length)];
			int compressed = COMPRESSOR.compress(data, offset, length, block, CHECKSUM + HEADER);
			ByteBuffer header = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
			header.put(CHECKSUM, METHOD_LZ4);
			header.putInt(CHECKSUM + 1, compressed + HEADER);
			header.putInt(CHECKSUM + 5, length);
			long[] hash = ClickHouseCityHash.cityHash128(block, CHECKSUM, compressed + HEADER);
			header.putLong(0, hash[0]);
			header.putLong(8, hash[1]);
			out.write(block, 0, CHECKSUM + HEADER + compressed);
		}
		return out.toByteArray();
	}

	/** Reads a body of compressed blocks, verifying each block's checksum. */
	static InputStream decompressing(InputStream compressed) {
		return new BlockInputStream(new DataInputStream(compressed));
	}

	/**
	 * A compressed body that is damaged: a wrong checksum, an unknown method or a
	 * truncated block.
	 */
	static final class CorruptedDataException extends IOException {

		CorruptedDataException(String message) {
			super(message);
		}

	}

	private static final class BlockInputStream extends InputStream {

		private final DataInputStream in;

		private byte[] block = new byte[0];

		private int position;

		BlockInputStream(DataInputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			while (position == block.length) {
				if (!nextBlock()) {
					return -1;
				}
			}
			int count = Math.min(length, block.length - position);
			System.arraycopy(block, position, target, offset, count);
			position += count;
			return count;
		}

		private boolean nextBlock() throws IOException {
			byte[] checksum = new byte[CHECKSUM];
			int first = in.read(checksum, 0, CHECKSUM);
			if (first < 0) {
				return false;
			}
			try {
				in.readFully(checksum, first, CHECKSUM - first);
				byte[] headerBytes = new byte[HEADER];
				in.readFully(headerBytes);
				ByteBuffer header = ByteBuffer.wrap(headerBytes).order(ByteOrder.LITTLE_ENDIAN);
				byte method = header.get(0);
				int compressedSize = header.getInt(1);
				int size = header.getInt(5);
				if (compressedSize < HEADER || size < 0 || size > 1 << 30) {
					throw new CorruptedDataException("invalid compressed block sizes " + compressedSize + "/" + size);
				}
				byte[] framed = new byte[compressedSize];
				System.arraycopy(headerBytes, 0, framed, 0, HEADER);
				in.readFully(framed, HEADER, compressedSize - HEADER);
				verify(checksum, framed);
				block = switch (method) {
					case METHOD_LZ4 -> DECOMPRESSOR.decompress(framed, HEADER, size);
					case METHOD_NONE -> java.util.Arrays.copyOfRange(framed, HEADER, compressedSize);
					default -> throw new CorruptedDataException(
							"unsupported compression method 0x" + Integer.toHexString(method & 0xff));
				};
				position = 0;
				return true;
			}
			catch (EOFException ex) {
				throw new CorruptedDataException("truncated compressed block");
			}
		}

		private static void verify(byte[] checksum, byte[] framed) throws CorruptedDataException {
			long[] hash = ClickHouseCityHash.cityHash128(framed, 0, framed.length);
			ByteBuffer expected = ByteBuffer.wrap(checksum).order(ByteOrder.LITTLE_ENDIAN);
			if (expected.getLong(0) != hash[0] || expected.getLong(8) != hash[1]) {
				throw new CorruptedDataException("checksum mismatch in compressed block");
			}
		}

	}

}
