package org.eventstream.web.access;

/**
 * Which keys a service accepts: a write key cannot read metrics, nor a read key write;
 * only an admin key may delete users or read their deletions, and never anonymously.
 */
public enum ApiScope {

	WRITE("write", "event-stream.security.write-keys", "EVENT_STREAM_SECURITY_WRITE_KEYS"),

	READ("read", "event-stream.security.read-keys", "EVENT_STREAM_SECURITY_READ_KEYS"),

	ADMIN("admin", "event-stream.security.admin-keys", "EVENT_STREAM_SECURITY_ADMIN_KEYS");

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
		switch (this) {
			case WRITE:
				return properties.writeKeys();
			case READ:
				return properties.readKeys();
			default:
				return properties.adminKeys();
		}
	}

	/** Whether the anonymous mode (a local stack's) opens this scope too. */
	boolean opensAnonymously() {
		return this != ADMIN;
	}

}
