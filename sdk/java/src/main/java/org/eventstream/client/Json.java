package org.eventstream.client;

/**
 * The little JSON this client writes: strings escaped per RFC 8259. Not a parser: the
 * client reads nothing of the API's answers but their status and {@code Retry-After}.
 */
final class Json {

	private Json() {
	}

	static StringBuilder field(StringBuilder json, String name, String value) {
		return string(string(json, name).append(':'), value);
	}

	static StringBuilder string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

}
