package org.eventstream.metrics.application.port.out;

/** The store did not answer a metrics query. */
public class MetricsUnavailableException extends RuntimeException {

	public MetricsUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
