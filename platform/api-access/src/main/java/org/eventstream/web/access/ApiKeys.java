package org.eventstream.web.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys one service accepts, each stored as the SHA-256 of the key, never the key
 * itself. Configured as {@code name=<sha256 hex>[:<requests per second>][@<origin>|...]}
 * entries, comma-separated; hash a key with {@code printf %s "$KEY" | sha256sum}.
 *
 * <p>
 * A key with origins is a <em>public</em> key, one a web page may carry: it is accepted
 * only from a browser on one of those origins (CORS origin patterns, such as
 * {@code https://*.example.com}), and it may travel in the query string, which
 * {@code navigator.sendBeacon} needs. A key without origins is secret: headers only.
 *
 * <p>
 * A presented key is hashed and compared with <em>every</em> configured hash in constant
 * time, without stopping at a match, so the time taken says nothing about which or how
 * many characters matched.
 */
public final class ApiKeys {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

	private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9*.-]+(:\\d{1,5})?");

	/**
	 * One configured key.
	 *
	 * @param origins the origins a public key is limited to; empty for a secret key
	 */
	public record Key(String name, byte[] sha256, Optional<Integer> requestsPerSecond, List<String> origins) {

		public Key {
			origins = List.copyOf(origins);
		}

		public boolean isPublic() {
			return !origins.isEmpty();
		}

	}

	private final List<Key> keys;

	private ApiKeys(List<Key> keys) {
		this.keys = List.copyOf(keys);
	}

	/**
	 * @param property the property's name, for the messages
	 * @throws IllegalArgumentException naming the entry that is not
	 * {@code name=<sha256 hex>[:<requests per second>]}
	 */
	public static ApiKeys parse(String property, String spec) {
		List<Key> keys = new ArrayList<>();
		Set<String> names = new LinkedHashSet<>();
		if (spec == null || spec.isBlank()) {
			return new ApiKeys(keys);
		}
		String[] entries = spec.split(",");
		for (int i = 0; i < entries.length; i++) {
			String entry = entries[i].trim();
			if (entry.isEmpty()) {
				continue;
			}
			String where = "entry " + (i + 1) + " of " + property;
			int equals = entry.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException(where + " is not name=<sha256 hex>[:<requests per second>]; "
						+ "hash a key with: printf %s \"$KEY\" | sha256sum");
			}
			String name = entry.substring(0, equals).trim();
			String rest = entry.substring(equals + 1).trim();
			List<String> origins = List.of();
			int at = rest.indexOf('@');
			if (at >= 0) {
				origins = origins(where + " (" + name + ")", rest.substring(at + 1));
				rest = rest.substring(0, at).trim();
			}
			int colon = rest.indexOf(':');
			String hash = (colon < 0) ? rest : rest.substring(0, colon).trim();
			if (!NAME.matcher(name).matches()) {
				throw new IllegalArgumentException(
						where + ": the name must be 1 to 64 letters, digits, '.', '_' or '-'");
			}
			if (!SHA256_HEX.matcher(hash).matches()) {
				throw new IllegalArgumentException(
						where + " (" + name + "): the value must be the 64 hex digits of the "
								+ "key's SHA-256, not the key; hash it with: printf %s \"$KEY\" | sha256sum");
			}
			if (!names.add(name)) {
				throw new IllegalArgumentException(where + ": the name " + name + " is used twice");
			}
			Optional<Integer> limit = Optional.empty();
			if (colon >= 0) {
				limit = Optional.of(positive(where + " (" + name + ")", rest.substring(colon + 1).trim()));
			}
			keys.add(new Key(name, HexFormat.of().parseHex(hash.toLowerCase(java.util.Locale.ROOT)), limit, origins));
		}
		return new ApiKeys(keys);
	}

	/** {@code https://a.example|https://*.b.example}: scheme, host, optional port. */
	private static List<String> origins(String where, String text) {
		List<String> origins = new ArrayList<>();
		for (String origin : text.split("\\|")) {
			String trimmed = origin.trim();
			if (!ORIGIN.matcher(trimmed).matches()) {
				throw new IllegalArgumentException(where + ": \"" + trimmed + "\" is not an origin such as "
						+ "https://shop.example or https://*.shop.example (scheme, host, optional port, no path)");
			}
			origins.add(trimmed);
		}
		return origins;
	}

	private static int positive(String where, String text) {
		try {
			int value = Integer.parseInt(text);
			if (value >= 1) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// falls through to the message
		}
		throw new IllegalArgumentException(
				where + ": the rate limit \"" + text + "\" must be a whole number of requests per second, at least 1");
	}

	public boolean isEmpty() {
		return keys.isEmpty();
	}

	public List<Key> keys() {
		return keys;
	}

	/** The configured key this secret is, if any; constant time in the secret. */
	public Optional<Key> match(String presented) {
		byte[] hash = sha256(presented);
		Key found = null;
		for (Key key : keys) {
			if (MessageDigest.isEqual(hash, key.sha256()) && found == null) {
				found = key;
			}
		}
		return Optional.ofNullable(found);
	}

	static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return "ApiKeys" + keys.stream().map(Key::name).toList();
	}

}
