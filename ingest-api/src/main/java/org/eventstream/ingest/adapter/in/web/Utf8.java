package org.eventstream.ingest.adapter.in.web;

/**
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF, no
 * truncated sequence. The JSON parser alone lets some of these through (an overlong
 * {@code C0 AF} became a '/' in a stored event before this check).
 */
final class Utf8 {

	private Utf8() {
	}

	/** The index of the first byte that is not valid UTF-8, or -1. */
	static int firstInvalid(byte[] bytes) {
		int i = 0;
		int n = bytes.length;
		while (i < n) {
			int b = bytes[i] & 0xFF;
			if (b < 0x80) {
				i++;
				continue;
			}
			int length;
			int min;
			if (b >= 0xC2 && b <= 0xDF) {
				length = 2;
				min = 0x80;
			}
			else if (b >= 0xE0 && b <= 0xEF) {
				length = 3;
				min = 0x800;
			}
			else if (b >= 0xF0 && b <= 0xF4) {
				length = 4;
				min = 0x10000;
			}
			else {
				return i;
			}
			if (i + length > n) {
				return i;
			}
			int codePoint = b & (0xFF >> (length + 1));
			for (int k = 1; k < length; k++) {
				int continuation = bytes[i + k] & 0xFF;
				if ((continuation & 0xC0) != 0x80) {
					return i;
				}
				codePoint = (codePoint << 6) | (continuation & 0x3F);
			}
			if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
				return i;
			}
			i += length;
		}
		return -1;
	}

}
