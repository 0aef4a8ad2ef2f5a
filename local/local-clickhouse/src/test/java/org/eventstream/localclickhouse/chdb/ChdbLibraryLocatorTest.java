package org.eventstream.localclickhouse.chdb;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM looks for chDB where scripts/fetch-chdb.sh put it, whatever HOME says. */
class ChdbLibraryLocatorTest {

	@Test
	void followsHomeLikeTheScriptWhenItIsNotTheAccountsHome() {
		assertThat(ChdbLibraryLocator.cacheRoot(Map.of("HOME", "/tmp/elsewhere"), "/root"))
			.isEqualTo(Path.of("/tmp/elsewhere/.cache/event-stream"));
	}

	@Test
	void prefersTheProjectsVariableThenXdgAndCountsEmptyAsUnset() {
		assertThat(ChdbLibraryLocator
			.cacheRoot(Map.of("EVENT_STREAM_CACHE", "/cache", "XDG_CACHE_HOME", "/xdg", "HOME", "/home/u"), "/root"))
			.isEqualTo(Path.of("/cache"));
		assertThat(ChdbLibraryLocator.cacheRoot(Map.of("EVENT_STREAM_CACHE", "", "XDG_CACHE_HOME", "/xdg"), "/root"))
			.isEqualTo(Path.of("/xdg/event-stream"));
		assertThat(ChdbLibraryLocator.cacheRoot(Map.of("HOME", ""), "/root"))
			.isEqualTo(Path.of("/root/.cache/event-stream"));
	}

}
