package org.eventstream.localclickhouse.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import com.clickhouse.client.api.internal.ClickHouseLZ4InputStream;
import com.clickhouse.client.api.internal.ClickHouseLZ4OutputStream;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeCompressionTest {

	private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

	@Test
	void theClientReadsWhatTheEndpointCompresses() throws IOException {
		byte[] data = sample(3 * NativeCompression.BLOCK_SIZE + 12345);

		byte[] framed = NativeCompression.compress(data);

		try (InputStream in = new ClickHouseLZ4InputStream(new ByteArrayInputStream(framed), LZ4.fastDecompressor(),
				8192)) {
			assertThat(in.readAllBytes()).isEqualTo(data);
		}
	}

	@Test
	void theEndpointReadsWhatTheClientCompresses() throws IOException {
		byte[] data = sample(2 * NativeCompression.BLOCK_SIZE + 7);
		ByteArrayOutputStream framed = new ByteArrayOutputStream();
		try (var out = new ClickHouseLZ4OutputStream(framed, LZ4.fastCompressor(), 65536)) {
			out.write(data);
		}

		assertThat(NativeCompression.decompressing(new ByteArrayInputStream(framed.toByteArray())).readAllBytes())
			.isEqualTo(data);
	}

	@Test
	void refusesABlockWithAWrongChecksum() {
		byte[] framed = NativeCompression.compress(sample(1000));
		framed[framed.length - 1] ^= 0x55;

		assertThatThrownBy(() -> NativeCompression.decompressing(new ByteArrayInputStream(framed)).readAllBytes())
			.isInstanceOf(NativeCompression.CorruptedDataException.class)
			.hasMessageContaining("checksum");
	}

	@Test
	void refusesATruncatedBlock() {
		byte[] framed = NativeCompression.compress(sample(1000));
		byte[] truncated = java.util.Arrays.copyOf(framed, framed.length - 10);

		assertThatThrownBy(() -> NativeCompression.decompressing(new ByteArrayInputStream(truncated)).readAllBytes())
			.isInstanceOf(NativeCompression.CorruptedDataException.class);
	}

	@Test
	void anEmptyResultIsNoBlocks() {
		assertThat(NativeCompression.compress(new byte[0])).isEmpty();
	}

	private static byte[] sample(int size) {
		byte[] data = new byte[size];
		Random random = new Random(42);
		for (int i = 0; i < size; i++) {
			data[i] = (byte) ((i % 97 < 50) ? 'a' + (i % 7) : random.nextInt());
		}
		return data;
	}

}
