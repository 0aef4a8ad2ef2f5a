package org.eventstream.writer.application.port.out;

/**
 * No insert may run now: a deletion of a user is rebuilding rollups from the stored
 * events. The batch is retried (with the writer's back-off) until the deletion is done.
 */
public class WritesHeldException extends StoreUnavailableException {

	public WritesHeldException(String deletionId) {
		super("inserts are held while deletion " + deletionId + " rebuilds the rollups; retrying", null);
	}

}
