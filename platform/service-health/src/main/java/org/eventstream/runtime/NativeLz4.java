package org.eventstream.runtime;

import net.jpountz.lz4.LZ4Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Loads lz4-java's JNI build as a service starts, so that Kafka's lz4 (the producer's
 * compression, the consumer's decompression) and the ClickHouse client's run as native
 * code.
 * <p>
 * {@code LZ4Factory.fastestInstance()}, which Kafka calls, only tries the JNI build when
 * lz4-java was loaded by the system class loader or the JNI build is already loaded. In
 * an executable Spring Boot jar the libraries sit in a nested class loader, so without
 * this every service compressed with lz4-java's Java implementation (~7 % of ingest-api's
 * CPU samples under batch load). Where the JNI build cannot load (a platform lz4-java
 * ships none for), the Java implementation stays, as before; the log line at start-up
 * says which one runs. Registered for every service in {@code META-INF/spring.factories}.
 */
public final class NativeLz4 implements SmartApplicationListener {

	private static final Logger log = LoggerFactory.getLogger(NativeLz4.class);

	private String loaded;

	/**
	 * Loads the JNI build if it can.
	 * @return {@code "JNI"}, or why the Java implementation stays
	 */
	public static String load() {
		try {
			LZ4Factory.nativeInstance();
			return "JNI";
		}
		catch (Throwable ex) {
			return "Java (the JNI build did not load: " + ex + ")";
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return ApplicationStartingEvent.class.isAssignableFrom(eventType)
				|| ApplicationReadyEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationStartingEvent) {
			this.loaded = load();
		}
		else if (this.loaded != null) {
			log.info("lz4 for Kafka and ClickHouse: {}", this.loaded);
		}
	}

}
