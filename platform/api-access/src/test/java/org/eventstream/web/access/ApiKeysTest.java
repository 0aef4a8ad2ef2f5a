package org.eventstream.web.access;

import java.util.HexFormat;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ApiKeysTest {

	static String sha256(String key) {
		return HexFormat.of().formatHex(ApiKeys.sha256(key));
	}

	@Test
	void matchesAKeyByItsHashAndCarriesItsOwnLimit() {
		ApiKeys keys = ApiKeys.parse("p", "web=" + sha256("s3cret-web") + ", ios=" + sha256("s3cret-ios") + ":50");

		assertThat(keys.match("s3cret-ios")).map(ApiKeys.Key::name).contains("ios");
		assertThat(keys.match("s3cret-ios")).flatMap(ApiKeys.Key::requestsPerSecond).contains(50);
		assertThat(keys.match("s3cret-web")).flatMap(ApiKeys.Key::requestsPerSecond).isEmpty();
		assertThat(keys.match("s3cret-we")).isEmpty();
		assertThat(keys.match("")).isEmpty();
	}

	@Test
	void upperCaseHexIsTheSameHash() {
		assertThat(ApiKeys.parse("p", "a=" + sha256("k").toUpperCase()).match("k")).isPresent();
	}

	@Test
	void noKeysConfiguredMatchesNothing() {
		assertThat(ApiKeys.parse("p", " ").isEmpty()).isTrue();
		assertThat(ApiKeys.parse("p", null).match("anything")).isEqualTo(Optional.empty());
	}

	@Test
	void aPlainKeyWhereTheHashBelongsIsRefusedWithHowToHashIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiKeys.parse("event-stream.security.write-keys",
					"web=" + sha256("a") + ",ios=my-plain-secret"))
			.withMessageContaining("entry 2 of event-stream.security.write-keys (ios)")
			.withMessageContaining("sha256sum")
			.withMessageNotContaining("my-plain-secret");
	}

	@Test
	void malformedEntriesAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.parse("p", sha256("a")))
			.withMessageContaining("entry 1 of p is not name=<sha256 hex>");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.parse("p", "we b=" + sha256("a")))
			.withMessageContaining("the name must be");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiKeys.parse("p", "a=" + sha256("a") + ",a=" + sha256("b")))
			.withMessageContaining("used twice");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.parse("p", "a=" + sha256("a") + ":0"))
			.withMessageContaining("at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.parse("p", "a=" + sha256("a") + ":fast"))
			.withMessageContaining("\"fast\"");
	}

	@Test
	void aKeyWithOriginsIsPublic() {
		ApiKeys keys = ApiKeys.parse("p", "web=" + sha256("pub")
				+ ":200@https://shop.example|https://*.shop.example:8443," + "server=" + sha256("secret"));

		ApiKeys.Key web = keys.match("pub").orElseThrow();
		assertThat(web.isPublic()).isTrue();
		assertThat(web.origins()).containsExactly("https://shop.example", "https://*.shop.example:8443");
		assertThat(web.requestsPerSecond()).contains(200);
		assertThat(keys.match("secret").orElseThrow().isPublic()).isFalse();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiKeys.parse("p", "web=" + sha256("pub") + "@https://shop.example/path"))
			.withMessageContaining("is not an origin");
		assertThatIllegalArgumentException().isThrownBy(() -> ApiKeys.parse("p", "web=" + sha256("pub") + "@"))
			.withMessageContaining("is not an origin");
	}

	@Test
	void theKeysNeverAppearInTheirDescription() {
		assertThat(ApiKeys.parse("p", "web=" + sha256("s3cret")).toString()).isEqualTo("ApiKeys[web]");
	}

}
