package org.eventstream.web.problem;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Gives the answers Netty writes by itself, before any request reaches Spring (431 for
 * headers over {@code server.max-http-request-header-size}, 414 for a request line that
 * is too long, 400 for a request that is not HTTP), the same {@code problem+json} body as
 * every other error. Such answers are whole, empty responses without a content type;
 * Spring's own are never empty (they go through {@link ProblemJsonExceptionHandler}).
 * After one the connection is closed ({@code Connection: close}): the request was not
 * read as HTTP, so nothing after it on the connection can be trusted to be.
 */
public final class NettyErrorProblems implements NettyServerCustomizer {

	private static final String HANDLER = "eventStreamErrorProblems";

	private static final Map<Integer, String[]> KNOWN = Map.of(431,
			new String[] { "headers-too-large", "Request headers too large",
					"The request's headers are larger than this server accepts." },
			414,
			new String[] {
					"uri-too-long", "Request line too long", "The request's URI is longer than this server accepts." },
			413,
			new String[] { "payload-too-large", "Payload too large",
					"The request is larger than this server accepts." },
			400, new String[] { "bad-request", "Bad request", "The request is not valid HTTP/1.1." });

	@Override
	public HttpServer apply(HttpServer server) {
		return server.doOnChannelInit((observer, channel, address) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(HANDLER) == null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, new Rewriter());
			}
		});
	}

	/** Replaces an empty error answer with its problem. */
	static final class Rewriter extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
			if (message instanceof FullHttpResponse response && response.status().code() >= 400
					&& response.content().readableBytes() == 0
					&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
				int status = response.status().code();
				String[] known = KNOWN.getOrDefault(status, new String[] { "http-" + status,
						response.status().reasonPhrase(), "The server refused the request." });
				byte[] body = ("{\"type\":\"/problems/" + known[0] + "\",\"title\":\"" + known[1] + "\",\"status\":"
						+ status + ",\"detail\":\"" + known[2] + "\"}")
					.getBytes(StandardCharsets.UTF_8);
				FullHttpResponse problem = response.replace(Unpooled.wrappedBuffer(body));
				problem.headers()
					.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
					.set(HttpHeaderNames.CONTENT_LENGTH, body.length)
					.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				response.release();
				// Netty could not read the request, so where the next one would start on
				// this
				// connection is unknown: a proxy that reused it (the front door keeps
				// connections to the tiers open) would wait for an answer that never
				// comes.
				ChannelPromise written = ctx.newPromise();
				written.addListener(write -> {
					if (write.isSuccess()) {
						promise.trySuccess();
					}
					else {
						promise.tryFailure(write.cause());
					}
					ctx.close();
				});
				ctx.write(problem, written);
				return;
			}
			ctx.write(message, promise);
		}

	}

}
