package org.eventstream.web.problem;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 *
 * <p>
 * A request Netty could not read is answered here rather than by Reactor Netty, once
 * every request before it on the connection has its answer written
 * ({@link UnreadableRequests}): Reactor Netty (1.3.6 to 1.3.8 at least) hands such a
 * request to the previous exchange when that exchange has written its answer but not yet
 * finished, and then writes nothing, so a proxy that reuses connections (the front door's
 * nginx) waited 30 s and answered 504.
 */
public final class NettyErrorProblems implements NettyServerCustomizer {

	private static final Logger log = LoggerFactory.getLogger(NettyErrorProblems.class);

	private static final String HANDLER = "eventStreamErrorProblems";

	private static final String UNREADABLE_HANDLER = "eventStreamUnreadableRequests";

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
				pipeline.addAfter(NettyPipeline.HttpCodec, UNREADABLE_HANDLER, new UnreadableRequests());
			}
		});
	}

	/** The problem answer for a status, closing the connection. */
	static FullHttpResponse problem(HttpResponseStatus status, HttpVersion version) {
		String[] known = KNOWN.getOrDefault(status.code(),
				new String[] { "http-" + status.code(), status.reasonPhrase(), "The server refused the request." });
		byte[] body = ("{\"type\":\"/problems/" + known[0] + "\",\"title\":\"" + known[1] + "\",\"status\":"
				+ status.code() + ",\"detail\":\"" + known[2] + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		FullHttpResponse problem = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
		problem.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.set(HttpHeaderNames.CONTENT_LENGTH, body.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		return problem;
	}

	/** Writes an answer, then closes the connection. */
	private static void answerAndClose(ChannelHandlerContext ctx, FullHttpResponse answer, ChannelPromise promise) {
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
		ctx.writeAndFlush(answer, written);
	}

	/**
	 * Answers a request Netty could not read (a request line or headers too long, not
	 * HTTP) with its problem, after the answers to every request before it on the
	 * connection, then closes the connection; Reactor Netty never sees it. Counts the
	 * requests passed on and the answers whose last part was written to know when.
	 */
	static final class UnreadableRequests extends ChannelDuplexHandler {

		private long requests;

		private long answered;

		private boolean informational;

		private HttpResponseStatus unreadable;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object message) {
			if (this.unreadable != null) {
				ReferenceCountUtil.release(message);
				return;
			}
			if (message instanceof HttpRequest request) {
				DecoderResult result = request.decoderResult();
				if (result.isFailure()) {
					log.debug("Answering a request Netty could not read on {}: {}", ctx.channel(), result.cause());
					ReferenceCountUtil.release(message);
					this.unreadable = status(result.cause());
					if (this.answered == this.requests) {
						answerAndClose(ctx, problem(this.unreadable, HttpVersion.HTTP_1_1), ctx.newPromise());
					}
					return;
				}
				this.requests++;
			}
			ctx.fireChannelRead(message);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
			if (message instanceof HttpResponse response) {
				this.informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
			}
			boolean last = message instanceof LastHttpContent && !this.informational;
			ctx.write(message, promise);
			if (last) {
				this.answered++;
				if (this.unreadable != null && this.answered == this.requests) {
					answerAndClose(ctx, problem(this.unreadable, HttpVersion.HTTP_1_1), ctx.newPromise());
				}
			}
		}

		private static HttpResponseStatus status(Throwable cause) {
			if (cause instanceof TooLongHttpLineException) {
				return HttpResponseStatus.REQUEST_URI_TOO_LONG;
			}
			if (cause instanceof TooLongHttpHeaderException) {
				return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
			}
			return HttpResponseStatus.BAD_REQUEST;
		}

	}

	/** Replaces an empty error answer with its problem. */
	static final class Rewriter extends ChannelOutboundHandlerAdapter {

		@Override
		public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
			if (message instanceof FullHttpResponse response && response.status().code() >= 400
					&& response.content().readableBytes() == 0
					&& !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
				FullHttpResponse problem = problem(response.status(), response.protocolVersion());
				response.release();
				// Netty could not read the request, so where the next one would start
				// on this connection is unknown: a proxy that reused it (the front
				// door keeps its connections to the tiers open) would wait for an
				// answer that never comes.
				answerAndClose(ctx, problem, promise);
				return;
			}
			ctx.write(message, promise);
		}

	}

}
