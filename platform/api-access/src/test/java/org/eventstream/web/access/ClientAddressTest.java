package org.eventstream.web.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressTest {

	private final ClientAddress clients = new ClientAddress(List.of("127.0.0.0/8", "::1", "10.1.0.0/20"));

	@Test
	void behindATrustedProxyTheLastForwardedAddressIsTheClient() {
		assertThat(clients.of(request("127.0.0.1", "6.6.6.6, 203.0.113.9"))).isEqualTo("203.0.113.9");
		assertThat(clients.of(request("10.1.15.255", "203.0.113.9"))).isEqualTo("203.0.113.9");
		assertThat(clients.of(request("::1", "2001:db8::7"))).isEqualTo("2001:db8::7");
	}

	@Test
	void anUntrustedPeerCannotClaimAnotherAddress() {
		assertThat(clients.of(request("203.0.113.9", "1.2.3.4"))).isEqualTo("203.0.113.9");
		assertThat(clients.of(request("10.1.16.0", "1.2.3.4"))).as("just outside the /20").isEqualTo("10.1.16.0");
	}

	@Test
	void aTrustedPeerWithoutForwardingIsItself() {
		assertThat(clients.of(request("127.0.0.1", null))).isEqualTo("127.0.0.1");
	}

	@Test
	void theAddressForGeolocationIsOnlyEverAnIpLiteral() throws Exception {
		assertThat(clients.ipOf(request("127.0.0.1", "203.0.113.9"))).contains(InetAddress.getByName("203.0.113.9"));
		assertThat(clients.ipOf(request("::1", "2001:db8::7"))).contains(InetAddress.getByName("2001:db8::7"));
		assertThat(clients.ipOf(request("203.0.113.9", null))).contains(InetAddress.getByName("203.0.113.9"));
		for (String notALiteral : List.of("example.com", "999.1.1.1", "1.2.3", "localhost", "2001:db8::zz", ":::::::::",
				"1.2.3.4.5")) {
			assertThat(clients.ipOf(request("127.0.0.1", notALiteral))).as(notALiteral).isEmpty();
		}
	}

	@Test
	void aBadBlockIsRefusedAtStartUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
			.withMessageContaining("10.0.0.0/33");
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddress(List.of("10.0.0.0/x")))
			.withMessageContaining("not an address");
	}

	private static MockServerHttpRequest request(String peer, String forwardedFor) {
		MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.post("/events")
			.remoteAddress(new InetSocketAddress(peer, 40000));
		if (forwardedFor != null) {
			builder.header("X-Forwarded-For", forwardedFor);
		}
		return builder.build();
	}

}
