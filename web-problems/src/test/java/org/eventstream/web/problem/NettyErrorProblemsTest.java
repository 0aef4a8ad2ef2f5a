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
