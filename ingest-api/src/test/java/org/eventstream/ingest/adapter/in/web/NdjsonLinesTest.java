package org.eventstream.ingest.adapter.in.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NdjsonLinesTest {

	@Test
	void numbersLinesAsTheFileDoesSkippingBlankOnesAndCarriageReturns() throws IOException {
		List<String> lines = read("{\"a\":1}\r\n\n   \n{\"b\":2}\n{\"c\":3}", 100);

		assertThat(lines).containsExactly("1 {\"a\":1}", "4 {\"b\":2}", "5 {\"c\":3}");
	}

	@Test
	void aLineOverTheLimitIsReportedByItsLengthAndTheNextOneStillRead() throws IOException {
		String longLine = "x".repeat(200_000);
		List<String> lines = read("{}\n" + longLine + "\n{\"after\":true}\n", 1000);

		assertThat(lines).containsExactly("1 {}", "2 too long: 200000", "3 {\"after\":true}");
	}

	@Test
	void aLineExactlyAtTheLimitIsKept() throws IOException {
		assertThat(read("12345\r\n123456\n", 5)).containsExactly("1 12345", "2 too long: 6");
	}

	@Test
	void anEmptyStreamHasNoLine() throws IOException {
		assertThat(read("", 10)).isEmpty();
		assertThat(read("\n\n", 10)).isEmpty();
	}

	private static List<String> read(String text, int maxLineBytes) throws IOException {
		NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
				maxLineBytes);
		List<String> read = new ArrayList<>();
		for (Optional<NdjsonLines.Line> line = lines.next(); line.isPresent(); line = lines.next()) {
			if (line.get() instanceof NdjsonLines.Text t) {
				read.add(t.number() + " " + new String(t.bytes(), StandardCharsets.UTF_8));
			}
			else {
				NdjsonLines.TooLong t = (NdjsonLines.TooLong) line.get();
				read.add(t.number() + " too long: " + t.bytes());
			}
		}
		return read;
	}

}
