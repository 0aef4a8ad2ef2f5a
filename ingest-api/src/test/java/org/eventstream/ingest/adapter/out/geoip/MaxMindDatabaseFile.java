package org.eventstream.ingest.adapter.out.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small database in the MaxMind DB format (version 2.0, IPv6 tree with IPv4 at
 * {@code ::/96}, 24-bit records), for tests: GeoLite2 files may not be redistributed in a
 * repository, and MaxMind's own writers are Perl and Go. Format:
 * https://maxmind.github.io/MaxMind-DB/. Values are maps, lists, strings and non-negative
 * integers (written as uint32).
 */
public final class MaxMindDatabaseFile {

	private static final byte[] METADATA_MARKER = { (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i', 'n',
			'd', '.', 'c', 'o', 'm' };

	/** A node of the search tree: each side another node, a record, or nothing. */
	private static final class Node {

		final Object[] children = new Object[2];

	}

	private final Node root = new Node();

	private final String databaseType;

	public MaxMindDatabaseFile(String databaseType) {
		this.databaseType = databaseType;
	}

	/** Every address of {@code network}/{@code prefixLength} has {@code record}. */
	public MaxMindDatabaseFile network(String network, int prefixLength, Map<String, ?> record) throws IOException {
		byte[] address = InetAddress.getByName(network).getAddress();
		int offset = 0;
		if (address.length == 4) {
			byte[] mapped = new byte[16];
			System.arraycopy(address, 0, mapped, 12, 4);
			address = mapped;
			offset = 96;
		}
		int bits = offset + prefixLength;
		Node node = root;
		for (int i = 0; i < bits - 1; i++) {
			int bit = bit(address, i);
			if (!(node.children[bit] instanceof Node)) {
				node.children[bit] = new Node();
			}
			node = (Node) node.children[bit];
		}
		node.children[bit(address, bits - 1)] = record;
		return this;
	}

	public void writeTo(Path file) throws IOException {
		List<Node> nodes = new ArrayList<>();
		number(root, nodes);
		ByteArrayOutputStream data = new ByteArrayOutputStream();
		Map<Object, Integer> offsets = new java.util.IdentityHashMap<>();
		ByteArrayOutputStream tree = new ByteArrayOutputStream();
		for (Node node : nodes) {
			for (Object child : node.children) {
				long value;
				if (child instanceof Node n) {
					value = nodes.indexOf(n);
				}
				else if (child == null) {
					value = nodes.size();
				}
				else {
					Integer at = offsets.get(child);
					if (at == null) {
						at = data.size();
						offsets.put(child, at);
						encode(child, data);
					}
					value = nodes.size() + 16L + at;
				}
				tree.write((int) (value >>> 16) & 0xFF);
				tree.write((int) (value >>> 8) & 0xFF);
				tree.write((int) value & 0xFF);
			}
		}
		ByteArrayOutputStream file1 = new ByteArrayOutputStream();
		file1.write(tree.toByteArray());
		file1.write(new byte[16]);
		file1.write(data.toByteArray());
		file1.write(METADATA_MARKER);
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("node_count", (long) nodes.size());
		metadata.put("record_size", 24L);
		metadata.put("ip_version", 6L);
		metadata.put("database_type", databaseType);
		metadata.put("languages", List.of("en"));
		metadata.put("binary_format_major_version", 2L);
		metadata.put("binary_format_minor_version", 0L);
		metadata.put("build_epoch", 1_764_000_000L);
		metadata.put("description", Map.of("en", "Event Stream test database"));
		encode(metadata, file1);
		Files.write(file, file1.toByteArray());
	}

	private static void number(Node node, List<Node> nodes) {
		nodes.add(node);
		for (Object child : node.children) {
			if (child instanceof Node n) {
				number(n, nodes);
			}
		}
	}

	private static int bit(byte[] address, int index) {
		return (address[index / 8] >> (7 - index % 8)) & 1;
	}

	private static void encode(Object value, ByteArrayOutputStream out) {
		if (value instanceof String text) {
			byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
			control(2, bytes.length, out);
			out.writeBytes(bytes);
		}
		else if (value instanceof Number number) {
			long n = number.longValue();
			int size = n == 0 ? 0 : (n < 0x100 ? 1 : (n < 0x10000 ? 2 : (n < 0x1000000 ? 3 : 4)));
			control(6, size, out);
			for (int i = size - 1; i >= 0; i--) {
				out.write((int) (n >>> (8 * i)) & 0xFF);
			}
		}
		else if (value instanceof Map<?, ?> map) {
			control(7, map.size(), out);
			map.forEach((key, entry) -> {
				encode(key.toString(), out);
				encode(entry, out);
			});
		}
		else if (value instanceof List<?> list) {
			control(11, list.size(), out);
			list.forEach(entry -> encode(entry, out));
		}
		else {
			throw new IllegalArgumentException("cannot write " + value);
		}
	}

	/** A control byte (and the extended type byte for types above 7); sizes below 285. */
	private static void control(int type, int size, ByteArrayOutputStream out) {
		int typeBits = (type <= 7) ? type << 5 : 0;
		int sizeBits = (size < 29) ? size : 29;
		out.write(typeBits | sizeBits);
		if (type > 7) {
			out.write(type - 7);
		}
		if (size >= 29) {
			if (size >= 285) {
				throw new IllegalArgumentException("size " + size + " is beyond this test writer");
			}
			out.write(size - 29);
		}
	}

}
