package org.eventstream.localclickhouse;

import com.clickhouse.client.api.ServerException;

/**
 * The client wraps server errors differently per call; this finds the server's error code
 * in any of them.
 */
final class ServerErrors {

	private ServerErrors() {
	}

	static int codeOf(Throwable thrown) {
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			if (t instanceof ServerException server) {
				return server.getCode();
			}
		}
		throw new AssertionError("no ServerException in " + thrown, thrown);
	}

}
