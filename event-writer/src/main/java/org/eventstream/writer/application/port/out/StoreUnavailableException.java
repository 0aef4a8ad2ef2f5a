package org.eventstream.writer.application.port.out;

/**
 * The event store did not acknowledge a read or an insert: down, timing out, or refusing.
 */
public class StoreUnavailableException extends RuntimeException {

	public StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
