package org.eventstream.model.event;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code items} (e-commerce). At least one of {@code id} and {@code name} is
 * present.
 */
public record Item(Optional<String> id, Optional<String> name, Optional<String> brand, Optional<String> variant,
		Optional<Double> priceInUsd, Optional<Long> quantity, Optional<Double> revenueInUsd) {

	public Item {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(brand, "brand");
		Objects.requireNonNull(variant, "variant");
		Objects.requireNonNull(priceInUsd, "priceInUsd");
		Objects.requireNonNull(quantity, "quantity");
		Objects.requireNonNull(revenueInUsd, "revenueInUsd");
		if (id.isEmpty() && name.isEmpty()) {
			throw new IllegalArgumentException("an item needs an id or a name");
		}
	}

}
