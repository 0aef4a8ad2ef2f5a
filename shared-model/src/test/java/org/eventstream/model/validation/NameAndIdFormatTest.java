package org.eventstream.model.validation;

import java.util.regex.Pattern;

import org.eventstream.model.event.EventId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written checks of names and ids agree with the regular expressions the README
 * documents, on ordinary, edge and hostile input.
 */
class NameAndIdFormatTest {

	static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

	static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

	@ParameterizedTest
	@ValueSource(strings = { "page_view", "a", "Z9", "_x", "9lives", "", " page", "page view", "page-view", "café",
			"ｐａｇｅ", "a\u0000b", "a\nb", "Ä", "x_", "A_B_9", "page.view", "a:b",
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void namesMatchTheDocumentedPattern(String text) {
		assertThat(EventReader.isName(text)).as(text).isEqualTo(NAME.matcher(text).matches());
	}

	@ParameterizedTest
	@ValueSource(strings = { "550e8400-e29b-41d4-a716-446655440000", "a", "0", "a.b_c:d-e", ".a", "-a", "_a", "", "a b",
			"a/b", "é", "a\u0000", "ａ", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "client:42", "A-" })
	void idsMatchTheDocumentedPattern(String text) {
		assertThat(EventId.isWellFormed(text)).as(text).isEqualTo(ID.matcher(text).matches());
	}

}
