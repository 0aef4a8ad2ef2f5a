package org.eventstream.writer.application.port.out;

import java.util.List;

import org.eventstream.writer.application.port.in.PoisonRecord;

/**
 * Parks records that cannot be stored, with their reason, where an operator can inspect
 * and replay them. Returns once every record is durably parked; throws
 * {@link DeadLetterUnavailableException} otherwise.
 */
public interface DeadLetterPort {

	void deadLetter(List<PoisonRecord> records);

}
