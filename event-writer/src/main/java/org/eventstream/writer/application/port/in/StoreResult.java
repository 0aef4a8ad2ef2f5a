package org.eventstream.writer.application.port.in;

/**
 * What a batch did to the store.
 *
 * @param inserted events stored by this batch
 * @param duplicates events whose id was already stored, or repeated earlier in the batch:
 * not stored again
 * @param deadLettered poison records sent to the dead-letter topic
 * @param deletedUsers events of deleted users: not stored (see
 * {@link org.eventstream.writer.application.port.out.UserDeletionsPort})
 */
public record StoreResult(int inserted, int duplicates, int deadLettered, int deletedUsers) {
}
