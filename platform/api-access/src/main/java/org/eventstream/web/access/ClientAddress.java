package org.eventstream.web.access;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who a request comes from, for the per-client limit of anonymous requests and for
 * geolocation: the peer's address, or, when the peer is a trusted proxy (the front door,
 * an ingress), the last {@code X-Forwarded-For} entry, which is the address that proxy
 * saw. Entries before it were written by the client and are not believed.
 */
public final class ClientAddress {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	/** An address block in CIDR notation. */
	record Block(byte[] network, int prefixLength) {

		static Block parse(String cidr) {
			String text = cidr.trim();
			int slash = text.indexOf('/');
			try {
				byte[] address = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash)).getAddress();
				int prefix = (slash < 0) ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
				if (prefix < 0 || prefix > address.length * 8) {
					throw new IllegalArgumentException("trusted proxy " + cidr + ": prefix length out of range");
				}
				return new Block(address, prefix);
			}
			catch (UnknownHostException | NumberFormatException ex) {
				throw new IllegalArgumentException("trusted proxy " + cidr + " is not an address or CIDR block", ex);
			}
		}

		boolean contains(byte[] address) {
			if (address.length != network.length) {
				return false;
			}
			int fullBytes = prefixLength / 8;
			for (int i = 0; i < fullBytes; i++) {
				if (address[i] != network[i]) {
					return false;
				}
			}
			int remainingBits = prefixLength % 8;
			if (remainingBits == 0) {
				return true;
			}
			int mask = (0xFF << (8 - remainingBits)) & 0xFF;
			return (address[fullBytes] & mask) == (network[fullBytes] & mask);
		}

	}

	private final List<Block> trustedProxies;

	/**
	 * @param trustedProxies addresses or CIDR blocks ({@code AccessProperties})
	 */
	public ClientAddress(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().filter(cidr -> !cidr.isBlank()).map(Block::parse).toList();
	}

	/** The client's address as text: an IP literal, or "unknown". */
	public String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null || remote.getAddress() == null) {
			return "unknown";
		}
		InetAddress peer = remote.getAddress();
		if (isTrusted(peer.getAddress())) {
			List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
			if (!forwarded.isEmpty()) {
				String last = forwarded.get(forwarded.size() - 1).trim();
				if (!last.isEmpty() && last.length() <= 64) {
					return last;
				}
			}
		}
		return peer.getHostAddress();
	}

	/**
	 * The client's address, when it is an IP literal (an {@code X-Forwarded-For} entry
	 * may be anything; a name is never looked up).
	 */
	public Optional<InetAddress> ipOf(ServerHttpRequest request) {
		return literal(of(request));
	}

	static Optional<InetAddress> literal(String text) {
		try {
			if (IPV4.matcher(text).matches()) {
				String[] parts = text.split("\\.");
				byte[] address = new byte[4];
				for (int i = 0; i < 4; i++) {
					int part = Integer.parseInt(parts[i]);
					if (part > 255) {
						return Optional.empty();
					}
					address[i] = (byte) part;
				}
				return Optional.of(InetAddress.getByAddress(address));
			}
			if (text.indexOf(':') >= 0 && IPV6.matcher(text).matches()) {
				// with a colon, getByName parses a literal or fails; it never asks DNS
				return Optional.of(InetAddress.getByName(text));
			}
		}
		catch (UnknownHostException ex) {
			// not a literal after all
		}
		return Optional.empty();
	}

	private boolean isTrusted(byte[] address) {
		for (Block block : trustedProxies) {
			if (block.contains(address)) {
				return true;
			}
		}
		return false;
	}

}
