package org.eventstream.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client would send: any bytes
 * in the body, invalid header values, repeated or oversized headers. One request per
 * connection.
 */
final class RawHttp {

	/** What came back; {@code status} 0 when the server closed without an answer. */
	record Response(int status, Map<String, String> headers, String body) {

		String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	private RawHttp() {
	}

	/**
	 * @param head the request line and headers, each line without its CRLF; a
	 * {@code Content-Length} is added for a body unless the head has one
	 */
	static Response send(int port, String[] head, byte[] body) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			StringBuilder text = new StringBuilder();
			boolean hasLength = false;
			for (String line : head) {
				text.append(line).append("\r\n");
				hasLength |= line.toLowerCase(Locale.ROOT).startsWith("content-length:")
						|| line.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:");
			}
			text.append("Host: localhost\r\nConnection: close\r\n");
			if (body != null && !hasLength) {
				text.append("Content-Length: ").append(body.length).append("\r\n");
			}
			text.append("\r\n");
			try {
				out.write(text.toString().getBytes(StandardCharsets.UTF_8));
				if (body != null) {
					out.write(body);
				}
				out.flush();
			}
			catch (IOException ex) {
				// the server may answer and close before reading everything: read what it
				// said
			}
			return read(socket.getInputStream());
		}
	}

	private static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int read;
		try {
			while ((read = in.read(buffer)) >= 0) {
				all.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// a reset after the answer: keep what arrived
		}
		byte[] raw = all.toByteArray();
		int headEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
		String head = new String(raw, 0, Math.max(0, headEnd), StandardCharsets.ISO_8859_1);
		if (!head.startsWith("HTTP/1.1 ") || headEnd < 0) {
			return new Response(0, Map.of(), new String(raw, StandardCharsets.UTF_8));
		}
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].substring(9, 12));
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = dechunk(body);
		}
		return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
	}

	private static byte[] dechunk(byte[] chunked) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
		int at = 0;
		while (at < chunked.length) {
			int lineEnd = indexOf(chunked, crlf, at);
			if (lineEnd < 0) {
				break;
			}
			String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
			if (sizeLine.isEmpty()) {
				break;
			}
			int size = Integer.parseInt(sizeLine, 16);
			if (size == 0) {
				break;
			}
			body.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
			at = lineEnd + 2 + size + 2;
		}
		return body.toByteArray();
	}

	private static int indexOf(byte[] data, byte[] pattern, int from) {
		outer: for (int i = from; i <= data.length - pattern.length; i++) {
			for (int j = 0; j < pattern.length; j++) {
				if (data[i + j] != pattern[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
