package org.eventstream.web.access;

/**
 * Which keys a service accepts: a write key cannot read metrics, nor a read key write.
 */
public enum ApiScope {

	WRITE("write", "event-stream.security.write-keys", "EVENT_STREAM_SECURITY_WRITE_KEYS"),

	READ("read", "event-stream.security.read-keys", "EVENT_STREAM_SECURITY_READ_KEYS");

	private final String label;

	private final String property;

	private final String environmentVariable;

	ApiScope(String label, String property, String environmentVariable) {
		this.label = label;
		this.property = property;
		this.environmentVariable = environmentVariable;
	}

	public String label() {
		return label;
	}

	public String property() {
		return property;
	}

	public String environmentVariable() {
		return environmentVariable;
	}

	String keysOf(AccessProperties properties) {
		return (this == WRITE) ? properties.writeKeys() : properties.readKeys();
	}

}
