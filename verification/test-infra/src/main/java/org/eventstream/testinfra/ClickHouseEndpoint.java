package org.eventstream.testinfra;

import java.util.Objects;

/**
 * A ClickHouse server the tests can use through its HTTP interface, e.g.
 * {@code http://127.0.0.1:8123}, with the credentials the official clients send.
 */
public record ClickHouseEndpoint(String url, String user, String password) {

	public ClickHouseEndpoint {
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(user, "user");
		Objects.requireNonNull(password, "password");
	}

}
