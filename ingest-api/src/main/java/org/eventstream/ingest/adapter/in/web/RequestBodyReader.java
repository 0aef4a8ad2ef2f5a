package org.eventstream.ingest.adapter.in.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Reads a request body into memory without blocking, enforcing the body limit on the
 * bytes received and, for {@code Content-Encoding: gzip}, again on the bytes
 * decompressed, so that a small gzip bomb is refused as soon as it expands past the
 * limit.
 */
final class RequestBodyReader {

	private final int maxBodyBytes;

	RequestBodyReader(int maxBodyBytes) {
		this.maxBodyBytes = maxBodyBytes;
	}

	Mono<byte[]> read(ServerHttpRequest request) {
		boolean gzip;
		try {
			gzip = gzipped(request);
		}
		catch (RuntimeException ex) {
			return Mono.error(ex);
		}
		return DataBufferUtils.join(request.getBody(), maxBodyBytes).map(buffer -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, ex -> ApiProblem.tooLarge("The request body", maxBodyBytes))
			.map(bytes -> gzip ? gunzip(bytes) : bytes)
			.map(RequestBodyReader::strictUtf8);
	}

	/**
	 * Whether the body is gzip-compressed; a problem for any encoding but gzip and
	 * identity.
	 */
	static boolean gzipped(ServerHttpRequest request) {
		String encoding = request.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
		boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
		if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
			throw ApiProblem.unsupportedEncoding(encoding);
		}
		return gzip;
	}

	private static byte[] strictUtf8(byte[] body) {
		int invalid = Utf8.firstInvalid(body);
		if (invalid >= 0) {
			throw ApiProblem.invalidRequest("", "The body is not valid UTF-8 (byte " + invalid + ")");
		}
		return body;
	}

	private byte[] gunzip(byte[] compressed) {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
			byte[] inflated = in.readNBytes(maxBodyBytes + 1);
			if (inflated.length > maxBodyBytes) {
				throw ApiProblem.tooLarge("The request body after gzip decompression", maxBodyBytes);
			}
			return inflated;
		}
		catch (IOException ex) {
			throw ApiProblem.invalidRequest("", "The body is not valid gzip: " + ex.getMessage());
		}
	}

}
