package org.eventstream.localclickhouse.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.eventstream.localclickhouse.chdb.ChdbConnection;
import org.eventstream.localclickhouse.chdb.ChdbConnectionPool;
import org.eventstream.localclickhouse.chdb.ChdbException;
import org.eventstream.localclickhouse.chdb.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers ClickHouse HTTP requests ({@code POST /}, {@code GET /?query=},
 * {@code GET /ping}) with chDB: the request's query, parameters, settings, database and
 * output format in; the result, summary headers and, under {@code compress=1}, native LZ4
 * blocks out; errors with {@code X-ClickHouse-Exception-Code}.
 */
final class QueryHandler implements HttpHandler {

	private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);

	/**
	 * How much of a body is scanned for an {@code INSERT ... FORMAT} clause before the
	 * data.
	 */
	private static final int STATEMENT_SCAN = 256 * 1024;

	/**
	 * The largest query text (not insert data) accepted, as ClickHouse's own
	 * {@code max_query_size} guards.
	 */
	static final int MAX_QUERY_BYTES = 64 * 1024 * 1024;

	private static final int CANNOT_DECOMPRESS = 271;

	private static final int STD_EXCEPTION = 1001;

	private final ChdbConnectionPool pool;

	private final Credentials credentials;

	private final String displayName;

	QueryHandler(ChdbConnectionPool pool, Credentials credentials, String displayName) {
		this.pool = pool;
		this.credentials = credentials;
		this.displayName = displayName;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		String queryId = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-ClickHouse-Query-Id"))
			.orElseGet(() -> UUID.randomUUID().toString());
		try {
			String path = exchange.getRequestURI().getPath();
			RequestParameters parameters = RequestParameters.parse(exchange.getRequestURI().getRawQuery());
			queryId = parameters.http("query_id").orElse(queryId);
			if ("GET".equals(exchange.getRequestMethod())
					&& ("/ping".equals(path) || ("/".equals(path) && parameters.http("query").isEmpty()))) {
				send(exchange, 200, "text/html; charset=UTF-8", "Ok.\n".getBytes(StandardCharsets.UTF_8));
				return;
			}
			if (!"/".equals(path)) {
				sendError(exchange, queryId, 404, new ChdbException(0,
						"Code: 0. DB::Exception: There is no handle " + path + ". (UNKNOWN_EXCEPTION)"));
				return;
			}
			if (!credentials.accept(exchange.getRequestHeaders(), parameters)) {
				sendError(exchange, queryId, 401,
						new ChdbException(516, "Code: 516. DB::Exception: default: "
								+ "Authentication failed: password is incorrect, or there is no user with such name. "
								+ "(AUTHENTICATION_FAILED)"));
				return;
			}
			answer(exchange, parameters, queryId);
		}
		catch (ChdbException ex) {
			sendError(exchange, queryId, ErrorStatus.of(ex.code()), ex);
		}
		catch (NativeCompression.CorruptedDataException ex) {
			sendError(exchange, queryId, 400, new ChdbException(CANNOT_DECOMPRESS,
					"Code: 271. DB::Exception: " + ex.getMessage() + ". (CANNOT_DECOMPRESS)"));
		}
		catch (IOException ex) {
			log.debug("request {} ended with an I/O error (client gone?)", queryId, ex);
		}
		catch (Exception ex) {
			log.error("request {} failed", queryId, ex);
			sendError(exchange, queryId, 500,
					new ChdbException(STD_EXCEPTION, "Code: 1001. DB::Exception: " + ex + ". (STD_EXCEPTION)"));
		}
		finally {
			exchange.close();
		}
	}

	private void answer(HttpExchange exchange, RequestParameters parameters, String queryId) throws Exception {
		var headers = exchange.getRequestHeaders();
		String database = Optional.ofNullable(headers.getFirst("X-ClickHouse-Database"))
			.or(() -> parameters.http("database"))
			.filter(name -> !name.isEmpty())
			.orElse("default");
		String format = parameters.http("default_format")
			.or(() -> Optional.ofNullable(headers.getFirst("X-ClickHouse-Format")))
			.filter(name -> !name.isEmpty())
			.orElse("TabSeparated");
		InputStream body = requestBody(exchange, parameters);
		QueryResult result = pool.withSession(database, parameters.settings(),
				connection -> execute(connection, parameters, body, format));
		byte[] output = parameters.flag("compress") ? NativeCompression.compress(result.output()) : result.output();
		var responseHeaders = exchange.getResponseHeaders();
		responseHeaders.set("X-ClickHouse-Query-Id", queryId);
		responseHeaders.set("X-ClickHouse-Format", format);
		responseHeaders.set("X-ClickHouse-Timezone", "UTC");
		responseHeaders.set("X-ClickHouse-Server-Display-Name", displayName);
		responseHeaders.set("X-ClickHouse-Summary", summary(result));
		send(exchange, 200, contentType(format), output);
	}

	private static InputStream requestBody(HttpExchange exchange, RequestParameters parameters) throws IOException {
		InputStream body = exchange.getRequestBody();
		String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
		if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
			body = new GZIPInputStream(body);
		}
		return parameters.flag("decompress") ? NativeCompression.decompressing(body) : body;
	}

	private static QueryResult execute(ChdbConnection connection, RequestParameters parameters, InputStream body,
			String format) throws IOException {
		byte[] queryParameter = parameters.http("query").orElse("").getBytes(StandardCharsets.UTF_8);
		byte[] head = body.readNBytes(STATEMENT_SCAN);
		ByteArrayOutputStream text = new ByteArrayOutputStream(queryParameter.length + head.length + 1);
		text.write(queryParameter);
		if (queryParameter.length > 0 && head.length > 0) {
			text.write('\n');
		}
		text.write(head);
		byte[] scanned = text.toByteArray();
		Optional<InsertStatement> insert = InsertStatement.find(scanned, scanned.length);
		if (insert.isPresent()) {
			int offset = insert.get().dataOffset();
			byte[] dataHead = java.util.Arrays.copyOfRange(scanned, offset, scanned.length);
			return connection.insert(insert.get().statement(), insert.get().format(), dataHead, body);
		}
		byte[] rest = body.readNBytes(MAX_QUERY_BYTES - scanned.length + 1);
		if (scanned.length + rest.length > MAX_QUERY_BYTES) {
			throw new ChdbException(202, "Code: 202. DB::Exception: the query is larger than " + MAX_QUERY_BYTES
					+ " bytes, the local endpoint's limit. (QUERY_IS_TOO_LARGE)");
		}
		String sql = new String(scanned, StandardCharsets.UTF_8) + new String(rest, StandardCharsets.UTF_8);
		if (sql.isBlank()) {
			throw new ChdbException(62, "Code: 62. DB::Exception: Empty query. (SYNTAX_ERROR)");
		}
		return connection.query(sql, format, parameters.queryParameters());
	}

	private static String summary(QueryResult result) {
		return "{\"read_rows\":\"" + result.rowsRead() + "\",\"read_bytes\":\"" + result.bytesRead()
				+ "\",\"written_rows\":\"" + result.rowsWritten() + "\",\"written_bytes\":\"" + result.bytesWritten()
				+ "\",\"total_rows_to_read\":\"" + result.rowsRead() + "\",\"result_rows\":\"" + result.rowsRead()
				+ "\",\"result_bytes\":\"" + result.output().length + "\",\"elapsed_ns\":\""
				+ (long) (result.elapsedSeconds() * 1e9) + "\"}";
	}

	private static String contentType(String format) {
		String lower = format.toLowerCase(Locale.ROOT);
		if (lower.startsWith("json")) {
			return "application/json; charset=UTF-8";
		}
		if (lower.startsWith("tabseparated") || lower.startsWith("tsv") || lower.startsWith("csv")
				|| lower.startsWith("pretty") || lower.startsWith("values")) {
			return "text/plain; charset=UTF-8";
		}
		return "application/octet-stream";
	}

	private void sendError(HttpExchange exchange, String queryId, int status, ChdbException error) {
		try {
			var headers = exchange.getResponseHeaders();
			headers.set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
			headers.set("X-ClickHouse-Query-Id", queryId);
			headers.set("X-ClickHouse-Server-Display-Name", displayName);
			String message = error.getMessage().endsWith("\n") ? error.getMessage() : error.getMessage() + "\n";
			send(exchange, status, "text/plain; charset=UTF-8", message.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException | RuntimeException ex) {
			log.debug("could not send the error for request {} (response already started?)", queryId, ex);
		}
	}

	private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.getResponseHeaders().set("Keep-Alive", "timeout=10");
		exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}
