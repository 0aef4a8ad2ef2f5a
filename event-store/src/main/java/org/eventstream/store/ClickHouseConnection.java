package org.eventstream.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;

import com.clickhouse.client.api.Client;

/**
 * Where the events live: a ClickHouse HTTP endpoint, its credentials and the database.
 * The seed's form {@code http://user:1234@localhost:8123} is accepted: credentials in the
 * URL are taken out of it.
 *
 * <p>
 * The services build their client here and nowhere else, so they talk to a production
 * server and to the local development endpoint with the same client and the same
 * settings.
 */
public record ClickHouseConnection(String url, String user, String password, String database) {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

	public ClickHouseConnection {
		Objects.requireNonNull(url, "url");
		Objects.requireNonNull(user, "user");
		Objects.requireNonNull(password, "password");
		if (!IDENTIFIER.matcher(database).matches()) {
			throw new IllegalArgumentException("the database name must match " + IDENTIFIER + ", was " + database);
		}
		URI uri = URI.create(url);
		if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
			throw new IllegalArgumentException("the ClickHouse URL must be http:// or https://, was " + url);
		}
	}

	/**
	 * @param url {@code http[s]://[user[:password]@]host:port}; credentials in it win
	 * over {@code user} and {@code password}
	 */
	public static ClickHouseConnection of(String url, String user, String password, String database) {
		URI uri = URI.create(url.trim());
		String userInfo = uri.getRawUserInfo();
		if (userInfo == null) {
			return new ClickHouseConnection(stripTrailingSlash(uri.toString()), user, password, database);
		}
		int colon = userInfo.indexOf(':');
		String urlUser = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
		String urlPassword = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
		String bare = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
		return new ClickHouseConnection(bare, urlUser, urlPassword, database);
	}

	/** The official client, configured as in production. Close it when done. */
	public Client newClient() {
		return new Client.Builder().addEndpoint(url)
			.setUsername(user)
			.setPassword(password)
			.setDefaultDatabase(database)
			.setConnectTimeout(5, ChronoUnit.SECONDS)
			.setSocketTimeout(Duration.ofSeconds(60).toMillis())
			.setMaxConnections(16)
			.compressServerResponse(true)
			.build();
	}

	/** The database as a quoted identifier for DDL. */
	public String quotedDatabase() {
		return "`" + database + "`";
	}

	@Override
	public String toString() {
		return "ClickHouseConnection[" + url + ", user=" + user + ", database=" + database + "]";
	}

	private static String stripTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
