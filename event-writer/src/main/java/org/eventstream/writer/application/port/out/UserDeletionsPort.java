package org.eventstream.writer.application.port.out;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The deletions of users an admin asked for (docs/DESIGN.md "Deleting a user"), as a
 * writer must honour them before each insert. Throws {@link StoreUnavailableException}
 * when the store cannot be reached.
 */
public interface UserDeletionsPort {

	/** The deletions as of now. */
	Deletions current();

	/**
	 * @param deletedAt each deleted user key (matched against {@code user_id} and
	 * {@code user_pseudo_id}) and when its deletion was asked for
	 * @param holdingWrites a deletion being carried out right now, during which no events
	 * may be inserted (its rollups are being rebuilt from the stored events)
	 */
	record Deletions(Map<String, Instant> deletedAt, Optional<String> holdingWrites) {

		public static final Deletions NONE = new Deletions(Map.of(), Optional.empty());

	}

}
