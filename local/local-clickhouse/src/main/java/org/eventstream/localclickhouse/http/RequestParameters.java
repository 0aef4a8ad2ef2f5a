package org.eventstream.localclickhouse.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eventstream.localclickhouse.chdb.ChdbException;

/**
 * The URL parameters of a ClickHouse HTTP request, sorted into the three kinds ClickHouse
 * knows: the interface's own ({@code query}, {@code database}, {@code compress}, ...),
 * query parameters ({@code param_<name>}), and settings (everything else).
 */
record RequestParameters(Map<String, String> http, Map<String, String> queryParameters, Map<String, String> settings) {

	/** ClickHouse's code for an exception of its HTTP library (Poco). */
	private static final int FIELD_VALUE_TOO_LONG = 1000;

	/** Parameters of the HTTP interface itself, which are not settings. */
	private static final Set<String> HTTP_ONLY = Set.of("query", "database", "default_format", "compress", "decompress",
			"user", "password", "quota_key", "query_id", "session_id", "session_timeout", "session_check",
			"buffer_size", "wait_end_of_query", "role", "stacktrace", "client_protocol_version",
			"enable_http_compression", "http_response_buffer_size", "send_progress_in_http_headers",
			"http_headers_progress_interval_ms", "http_wait_end_of_query", "add_http_cors_header",
			"cancel_http_readonly_queries_on_client_close");

	/**
	 * ClickHouse's {@code http_max_field_value_size}: the longest URL field value it
	 * reads (as sent, percent-encoded), 128 KiB by default; a longer one fails the
	 * request.
	 */
	static final int MAX_FIELD_VALUE_BYTES = 128 * 1024;

	static RequestParameters parse(String rawQuery) {
		Map<String, String> http = new LinkedHashMap<>();
		Map<String, String> params = new LinkedHashMap<>();
		Map<String, String> settings = new LinkedHashMap<>();
		if (rawQuery != null && !rawQuery.isEmpty()) {
			for (String pair : rawQuery.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int eq = pair.indexOf('=');
				if (eq >= 0 && pair.length() - eq - 1 > MAX_FIELD_VALUE_BYTES) {
					throw new ChdbException(FIELD_VALUE_TOO_LONG,
							"Code: 1000. DB::Exception: HTML Form Exception: Field value too long. (POCO_EXCEPTION)");
				}
				String name = decode(eq < 0 ? pair : pair.substring(0, eq));
				String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
				if (name.startsWith("param_")) {
					params.put(name.substring("param_".length()), value);
				}
				else if (HTTP_ONLY.contains(name)) {
					http.put(name, value);
				}
				else {
					settings.put(name, value);
				}
			}
		}
		return new RequestParameters(http, params, settings);
	}

	Optional<String> http(String name) {
		return Optional.ofNullable(http.get(name));
	}

	boolean flag(String name) {
		return http(name).map(value -> value.equals("1") || value.equalsIgnoreCase("true")).orElse(false);
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
