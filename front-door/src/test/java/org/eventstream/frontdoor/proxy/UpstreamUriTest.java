package org.eventstream.frontdoor.proxy;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpstreamUriTest {

	static final URI INSTANCE = URI.create("http://10.0.0.7:8082");

	@Test
	void keepsTheRawPathAndQueryByteForByte() {
		String raw = "/events/metrics?group_by==&q=it's+a%2Btest&x=%E2%82%AC&empty=&&a=1&a=2";

		assertThat(ProxyHandler.upstreamUri(INSTANCE, URI.create("http://localhost:8080" + raw)))
			.hasToString("http://10.0.0.7:8082" + raw);
	}

	@Test
	void addsNoQueryWhereThereWasNone() {
		assertThat(ProxyHandler.upstreamUri(INSTANCE, URI.create("http://localhost:8080/events")))
			.hasToString("http://10.0.0.7:8082/events");
	}

}
