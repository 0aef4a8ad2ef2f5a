package org.eventstream.localclickhouse.http;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Splits {@code INSERT ... FORMAT <name>} from the data that follows it, by ClickHouse's
 * rule: after the format name skip spaces and tabs, then one optional {@code \r} and one
 * optional {@code \n}; the data starts there.
 *
 * <p>
 * Only the text up to the format name is parsed, with quotes, back-quoted and
 * double-quoted identifiers, comments and parentheses respected, so a {@code FORMAT}
 * inside a string or a sub-query never splits. {@code INSERT ... VALUES} and
 * {@code INSERT ... SELECT} are not split: they are ordinary text statements.
 *
 * @param statement the INSERT without its FORMAT clause, as chDB's streaming insert takes
 * it
 * @param format the input format name
 * @param dataOffset where the data starts in the scanned bytes
 */
record InsertStatement(String statement, String format, int dataOffset) {

	static Optional<InsertStatement> find(byte[] text, int length) {
		return new Scanner(text, length).scan();
	}

	private static final class Scanner {

		private final byte[] text;

		private final int length;

		private int position;

		Scanner(byte[] text, int length) {
			this.text = text;
			this.length = length;
		}

		Optional<InsertStatement> scan() {
			if (!"INSERT".equalsIgnoreCase(nextWord())) {
				return Optional.empty();
			}
			int depth = 0;
			while (skipSpaceAndComments()) {
				byte c = text[position];
				if (c == '(') {
					depth++;
					position++;
				}
				else if (c == ')') {
					depth--;
					position++;
				}
				else if (c == '\'' || c == '"' || c == '`') {
					skipQuoted(c);
				}
				else if (isWordStart(c)) {
					int start = position;
					String word = word();
					if (depth == 0 && ("VALUES".equalsIgnoreCase(word) || "SELECT".equalsIgnoreCase(word)
							|| "WITH".equalsIgnoreCase(word))) {
						return Optional.empty();
					}
					if (depth == 0 && "FORMAT".equalsIgnoreCase(word)) {
						return formatClause(start);
					}
				}
				else {
					position++;
				}
			}
			return Optional.empty();
		}

		private Optional<InsertStatement> formatClause(int formatKeyword) {
			if (!skipSpaceAndComments() || !isWordStart(text[position])) {
				return Optional.empty();
			}
			String format = word();
			while (position < length && (text[position] == ' ' || text[position] == '\t')) {
				position++;
			}
			if (position < length && text[position] == '\r') {
				position++;
			}
			if (position < length && text[position] == '\n') {
				position++;
			}
			String statement = new String(text, 0, formatKeyword, StandardCharsets.UTF_8).strip();
			return Optional.of(new InsertStatement(statement, format, position));
		}

		private String nextWord() {
			if (!skipSpaceAndComments() || !isWordStart(text[position])) {
				return "";
			}
			return word();
		}

		private String word() {
			int start = position;
			while (position < length && (isWordStart(text[position]) || Character.isDigit(text[position]))) {
				position++;
			}
			return new String(text, start, position - start, StandardCharsets.US_ASCII);
		}

		private static boolean isWordStart(byte c) {
			return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
		}

		private void skipQuoted(byte quote) {
			position++;
			while (position < length) {
				byte c = text[position++];
				if (c == '\\') {
					position++;
				}
				else if (c == quote) {
					if (position < length && text[position] == quote) {
						position++;
					}
					else {
						return;
					}
				}
			}
		}

		/**
		 * @return whether there is anything left after the whitespace and comments
		 */
		private boolean skipSpaceAndComments() {
			while (position < length) {
				byte c = text[position];
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
					position++;
				}
				else if (c == '-' && position + 1 < length && text[position + 1] == '-') {
					while (position < length && text[position] != '\n') {
						position++;
					}
				}
				else if (c == '/' && position + 1 < length && text[position + 1] == '*') {
					position += 2;
					while (position + 1 < length && !(text[position] == '*' && text[position + 1] == '/')) {
						position++;
					}
					position += 2;
				}
				else {
					return true;
				}
			}
			return false;
		}

	}

}
