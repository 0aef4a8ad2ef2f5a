package org.eventstream.metrics.application.port.in;

import java.util.List;
import java.util.Optional;

import org.eventstream.metrics.domain.UserDeletion;

/** Deleting users, and the audit of the deletions. */
public interface DeleteUsersUseCase {

	/**
	 * Records a deletion of {@code userKey} as asked for by the admin key
	 * {@code requestedBy}; it is carried out in the background.
	 */
	UserDeletion request(String userKey, String requestedBy);

	Optional<UserDeletion> find(String deletionId);

	/** The newest deletions first. */
	List<UserDeletion> recent(int limit);

}
