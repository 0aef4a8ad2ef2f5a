package org.eventstream.ingest.adapter.in.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

	@ParameterizedTest
	@ValueSource(strings = { "", "plain ascii", "caf\u00e9", "\u20ac", "\uD83D\uDE00", "\u0000", "\uFFFF" })
	void acceptsValidText(String text) {
		assertThat(Utf8.firstInvalid(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "c328", "ff", "c0af", "e080af", "eda080", "f4908080", "e282", "80", "f8888080", "41c1bf" })
	void refusesInvalidSequences(String hex) {
		assertThat(Utf8.firstInvalid(HexFormat.of().parseHex(hex))).isNotEqualTo(-1);
	}

	@Test
	void agreesWithTheJdksStrictDecoderOnRandomBytes() {
		Random random = new Random(42);
		for (int round = 0; round < 20_000; round++) {
			byte[] bytes = new byte[random.nextInt(12)];
			random.nextBytes(bytes);
			assertThat(Utf8.firstInvalid(bytes) == -1).as(HexFormat.of().formatHex(bytes)).isEqualTo(jdkAccepts(bytes));
		}
	}

	private static boolean jdkAccepts(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
