package org.eventstream.store;

import java.util.Collection;
import java.util.Iterator;

/**
 * Values of server-side query parameters ({@code {ids:Array(String)}}) in ClickHouse's
 * text form: a parameter is parsed as data, never as SQL, but a string inside an array or
 * tuple still needs its quotes and backslashes escaped.
 */
public final class Literals {

	private Literals() {
	}

	/** {@code 'text'}, escaped. */
	public static String string(String value) {
		return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

	/** {@code ['a','b']}. */
	public static String stringArray(Collection<String> values) {
		StringBuilder literal = new StringBuilder(values.size() * 40).append('[');
		Iterator<String> each = values.iterator();
		while (each.hasNext()) {
			literal.append(string(each.next()));
			if (each.hasNext()) {
				literal.append(',');
			}
		}
		return literal.append(']').toString();
	}

}
