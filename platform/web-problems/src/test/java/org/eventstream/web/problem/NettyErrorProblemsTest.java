package org.eventstream.web.problem;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NettyErrorProblemsTest {

	@Test
	void anEmptyErrorFromNettyBecomesAProblem() {
		FullHttpResponse written = write(
				new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE));

		assertThat(written.headers().get("Content-Type")).isEqualTo("application/problem+json");
		String body = written.content().toString(StandardCharsets.UTF_8);
		assertThat(body).contains("\"type\":\"/problems/headers-too-large\"").contains("\"status\":431");
		assertThat(written.headers().getInt("Content-Length")).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
		assertThat(written.headers().get("Connection")).isEqualTo("close");
	}

	/**
	 * Where the next request would start is unknown after one Netty could not read: the
	 * connection closes, or a proxy reusing it would wait forever (FrontDoorFidelityIT
	 * found the front door answering 504 so).
	 */
	@Test
	void theConnectionClosesAfterAnAnswerToARequestNettyCouldNotRead() {
		EmbeddedChannel channel = new EmbeddedChannel(new NettyErrorProblems.Rewriter());
		channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST));
		channel.runPendingTasks();
		FullHttpResponse written = channel.readOutbound();
		assertThat(written.status().code()).isEqualTo(400);
		assertThat(channel.isOpen()).isFalse();

		EmbeddedChannel answered = new EmbeddedChannel(new NettyErrorProblems.Rewriter());
		answered.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT));
		assertThat(answered.isOpen()).as("other answers leave it open").isTrue();
	}

	@Test
	void answersWithABodyOrSuccessesPassUnchanged() {
		FullHttpResponse problem = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
				Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
		problem.headers().set("Content-Type", "application/problem+json");
		assertThat(write(problem)).isSameAs(problem);
		FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
		assertThat(write(ok)).isSameAs(ok);
	}

	private static FullHttpResponse write(FullHttpResponse response) {
		EmbeddedChannel channel = new EmbeddedChannel(new NettyErrorProblems.Rewriter());
		channel.writeOutbound(response);
		return channel.readOutbound();
	}

}
