package org.eventstream.localclickhouse.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import com.sun.net.httpserver.Headers;

/**
 * The one user this endpoint knows. Clients authenticate as ClickHouse's HTTP interface
 * allows: HTTP Basic, the {@code X-ClickHouse-User}/{@code X-ClickHouse-Key} headers, or
 * the {@code user}/{@code password} parameters; without any of them they are
 * {@code default} with an empty password.
 */
public record Credentials(String user, String password) {

	public Credentials {
		Objects.requireNonNull(user, "user");
		Objects.requireNonNull(password, "password");
	}

	public static Credentials defaultUser() {
		return new Credentials("default", "");
	}

	boolean accept(Headers headers, RequestParameters parameters) {
		Optional<String[]> basic = Optional.ofNullable(headers.getFirst("Authorization"))
			.filter(value -> value.regionMatches(true, 0, "Basic ", 0, 6))
			.map(value -> decodeBasic(value.substring(6).trim()));
		String givenUser = basic.map(pair -> pair[0])
			.or(() -> Optional.ofNullable(headers.getFirst("X-ClickHouse-User")))
			.or(() -> parameters.http("user"))
			.orElse("default");
		String givenPassword = basic.map(pair -> pair[1])
			.or(() -> Optional.ofNullable(headers.getFirst("X-ClickHouse-Key")))
			.or(() -> parameters.http("password"))
			.orElse("");
		return constantTimeEquals(givenUser, user) & constantTimeEquals(givenPassword, password);
	}

	private static String[] decodeBasic(String encoded) {
		try {
			String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return colon < 0 ? new String[] { decoded, "" }
					: new String[] { decoded.substring(0, colon), decoded.substring(colon + 1) };
		}
		catch (IllegalArgumentException ex) {
			return new String[] { "", "\u0000invalid" };
		}
	}

	private static boolean constantTimeEquals(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
	}

}
