package org.eventstream.frontdoor.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The instances of one tier, taken in turn. {@link #rotation()} lists every instance,
 * starting with the next one in turn, so a request that cannot connect to one tries the
 * others.
 */
public final class Upstreams {

	private final List<URI> instances;

	private final AtomicInteger next = new AtomicInteger();

	public Upstreams(List<URI> instances) {
		if (instances.isEmpty()) {
			throw new IllegalArgumentException("a tier needs at least one instance URL");
		}
		for (URI instance : instances) {
			if (!("http".equals(instance.getScheme()) || "https".equals(instance.getScheme()))
					|| instance.getHost() == null) {
				throw new IllegalArgumentException("not an http(s) instance URL: " + instance);
			}
		}
		this.instances = List.copyOf(instances);
	}

	public List<URI> rotation() {
		int start = Math.floorMod(next.getAndIncrement(), instances.size());
		List<URI> rotation = new ArrayList<>(instances.size());
		for (int i = 0; i < instances.size(); i++) {
			rotation.add(instances.get((start + i) % instances.size()));
		}
		return rotation;
	}

	public List<URI> instances() {
		return instances;
	}

}
