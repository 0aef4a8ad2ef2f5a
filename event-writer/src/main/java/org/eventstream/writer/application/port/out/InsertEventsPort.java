package org.eventstream.writer.application.port.out;

import java.util.List;

import org.eventstream.writer.application.port.in.ConsumedEvent;

/**
 * Inserts events, all or nothing as far as a retry can tell: the same
 * {@code deduplicationToken} with the same events inserts them at most once, so a retry
 * after a lost acknowledgement is harmless. Returns once the store acknowledged the
 * insert; throws {@link StoreUnavailableException} otherwise.
 */
public interface InsertEventsPort {

	/**
	 * @param deduplicationToken the same for a retry of the same insert, which the store
	 * then ignores; {@code null} switches the store's own deduplication off for this
	 * insert
	 */
	void insert(List<ConsumedEvent> events, String deduplicationToken);

}
