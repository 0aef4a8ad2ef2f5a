package org.eventstream.model.validation;

/** Builds RFC 6901 JSON pointers. */
final class JsonPointer {

	private JsonPointer() {
	}

	static String append(String base, String token) {
		return base + "/" + token.replace("~", "~0").replace("/", "~1");
	}

	static String append(String base, int index) {
		return base + "/" + index;
	}

}
