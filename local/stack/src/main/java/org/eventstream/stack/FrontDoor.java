package org.eventstream.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The front door as the launcher runs it: nginx, configured from
 * {@code platform/front-door/front-door.conf.template} (the same file the Compose file's
 * nginx image fills in), wrapped in an {@code nginx.conf} of its own under
 * {@code data/front-door/} that keeps every file nginx writes there. One process
 * ({@code master_process off}), so that stopping, restarting and counting its CPU work as
 * for the other processes; nginx's master and workers are for machines that reload
 * configurations, which the launcher never does.
 */
final class FrontDoor {

	static final String TEMPLATE = "platform/front-door/front-door.conf.template";

	/**
	 * The largest body of {@code POST /events} and {@code /events/batch}: above
	 * ingest-api's own limit (4 MB), so that the tier's more precise 413 is what clients
	 * see.
	 */
	static final String MAX_BODY_SIZE = "8M";

	/** The same for {@code POST /events/import}: ingest-api's import limit. */
	static final String MAX_IMPORT_SIZE = "1G";

	/**
	 * Where Debian and most distributions put it; {@code /usr/sbin} is not on every PATH.
	 */
	private static final List<Path> NGINX = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"),
			Path.of("/usr/local/sbin/nginx"), Path.of("/usr/local/bin/nginx"), Path.of("/opt/homebrew/bin/nginx"));

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

	private final StackLayout layout;

	private final String maxBodySize;

	private final String maxImportSize;

	/**
	 * @param maxBodySize in nginx's units with a capital letter ({@code 8M})
	 * @param maxImportSize the same for {@code /events/import}
	 */
	FrontDoor(StackLayout layout, String maxBodySize, String maxImportSize) {
		this.layout = layout;
		this.maxBodySize = maxBodySize;
		this.maxImportSize = maxImportSize;
	}

	FrontDoor(StackLayout layout) {
		this(layout, MAX_BODY_SIZE, MAX_IMPORT_SIZE);
	}

	/**
	 * Writes the configuration and returns the process that serves it.
	 * @param port the seed's port
	 * @param ingest the ingest-api instances
	 * @param metrics the metrics-api instances
	 */
	ManagedProcess.Spec spec(int port, List<URI> ingest, List<URI> metrics) {
		Path nginx = nginx().orElseThrow(() -> new IllegalStateException(
				"nginx is not installed; the front door runs on it. Install it with: sudo apt-get install nginx-light "
						+ "(Debian, Ubuntu), sudo dnf install nginx, or brew install nginx"));
		write(port, ingest, metrics);
		List<String> command = List.of(nginx.toString(), "-e", "stderr", "-p", layout.frontDoor().toString(), "-c",
				layout.frontDoorConfig().toString());
		return new ManagedProcess.Spec("front-door", command, Map.of(),
				Readiness.httpOk("http://127.0.0.1:" + port + "/actuator/health/readiness"), Duration.ofSeconds(35));
	}

	void write(int port, List<URI> ingest, List<URI> metrics) {
		Path dir = layout.frontDoor();
		try {
			for (String temp : List.of("body", "proxy", "fastcgi", "uwsgi", "scgi")) {
				Files.createDirectories(dir.resolve("temp").resolve(temp));
			}
			String template = Files.readString(layout.home().resolve(TEMPLATE));
			Files.writeString(dir.resolve("front-door.conf"),
					fill(template,
							Map.of("PORT", Integer.toString(port), "INGEST_SERVERS", servers(ingest), "METRICS_SERVERS",
									servers(metrics), "MAX_BODY_SIZE", maxBodySize, "MAX_IMPORT_SIZE", maxImportSize)));
			Files.writeString(layout.frontDoorConfig(), main(dir));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not write the front door's configuration in " + dir, ex);
		}
	}

	/** The template with each {@code ${NAME}} replaced; an unknown name is an error. */
	static String fill(String template, Map<String, String> values) {
		Matcher placeholder = PLACEHOLDER.matcher(template);
		StringBuilder filled = new StringBuilder();
		while (placeholder.find()) {
			String value = values.get(placeholder.group(1));
			if (value == null) {
				throw new IllegalStateException(TEMPLATE + " uses ${" + placeholder.group(1) + "}, which has no value");
			}
			placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
		}
		return placeholder.appendTail(filled).toString();
	}

	static String servers(List<URI> instances) {
		return instances.stream()
			.map(instance -> "server " + instance.getHost() + ":" + instance.getPort()
					+ " max_fails=1 fail_timeout=5s;")
			.collect(Collectors.joining(" "));
	}

	private static String main(Path dir) {
		return String.join(System.lineSeparator(),
				"# Written by ./event-stream up at each start; edit " + TEMPLATE + " instead.", "daemon off;",
				"master_process off;", "pid " + dir.resolve("nginx.pid") + ";", "error_log stderr warn;",
				"events { worker_connections 8192; }", "http {",
				"    client_body_temp_path " + dir.resolve("temp/body") + ";",
				"    proxy_temp_path " + dir.resolve("temp/proxy") + ";",
				"    fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";",
				"    uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";",
				"    scgi_temp_path " + dir.resolve("temp/scgi") + ";",
				"    include " + dir.resolve("front-door.conf") + ";", "}", "");
	}

	/** nginx on the PATH, or where distributions install it. */
	static Optional<Path> nginx() {
		Stream<Path> onPath = Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(":"))
			.filter(entry -> !entry.isEmpty())
			.map(entry -> Path.of(entry, "nginx"));
		return Stream.concat(onPath, NGINX.stream()).filter(Files::isExecutable).findFirst();
	}

}
