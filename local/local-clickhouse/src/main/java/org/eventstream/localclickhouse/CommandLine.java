package org.eventstream.localclickhouse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name=value} options of the local ClickHouse process. */
final class CommandLine {

	private static final Set<String> KNOWN = Set.of("data-dir", "host", "port", "user", "password", "threads");

	private CommandLine() {
	}

	static Map<String, String> parse(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (!arg.startsWith("--") || eq < 0 || !KNOWN.contains(arg.substring(2, eq))) {
				throw new IllegalArgumentException("unknown option " + arg + "; usage: --port=8123 "
						+ "--data-dir=DIR [--host=127.0.0.1] [--user=default] [--password=] [--threads=16]");
			}
			options.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		return options;
	}

}
