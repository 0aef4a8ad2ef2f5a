package org.eventstream.writer.application.port.out;

/** The dead-letter topic did not acknowledge the parked records. */
public class DeadLetterUnavailableException extends RuntimeException {

	public DeadLetterUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
