package org.eventstream.writer.application.port.out;

import java.util.Collection;
import java.util.Set;

/**
 * Tells which of some event ids are already stored. Reads what every acknowledged insert
 * wrote.
 */
public interface FindStoredEventIdsPort {

	Set<String> findStored(Collection<String> ids);

}
