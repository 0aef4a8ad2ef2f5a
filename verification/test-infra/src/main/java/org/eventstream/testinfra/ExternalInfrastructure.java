package org.eventstream.testinfra;

/**
 * Reads the addresses of already running servers for {@link InfrastructureMode#EXTERNAL}.
 */
final class ExternalInfrastructure {

	private ExternalInfrastructure() {
	}

	static String required(String property) {
		String value = System.getProperty(property);
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("test.infra=external needs -D" + property + "=...");
		}
		return value;
	}

}
