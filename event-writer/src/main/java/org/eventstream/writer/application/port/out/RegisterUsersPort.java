package org.eventstream.writer.application.port.out;

import java.util.Collection;

/**
 * Keeps the store's exact unique-user counts exact: every user key whose events are about
 * to be stored is registered first, and any key whose 64-bit hash another registered key
 * shares is recorded as a collision before this returns. Repeating a registration is
 * harmless. Throws {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface RegisterUsersPort {

	/** Registers these user keys; call before storing events about them. */
	void register(Collection<String> userKeys);

}
