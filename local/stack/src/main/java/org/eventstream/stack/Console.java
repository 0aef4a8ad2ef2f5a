package org.eventstream.stack;

import java.io.PrintStream;

/** The launcher's messages, one line each, prefixed so they stand out from logs. */
final class Console {

	private final PrintStream out;

	Console(PrintStream out) {
		this.out = out;
	}

	synchronized void say(String message) {
		out.println("[event-stream] " + message);
		out.flush();
	}

	synchronized void raw(String text) {
		out.println(text);
		out.flush();
	}

}
