package io.imhook.config.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.imhook.config.WebhooksSnapshot;
import io.smallrye.config.SmallRyeConfigBuilder;

/** What a reload changes, and the content hash operators compare with {@code sha256sum}, without Quarkus. */
class SnapshotDiffTest {

    private static final String BASE = """
            url: http://business.test/cb
            beforeAddFriend:
              enable: true
              timeout: 5
            afterAddFriend:
              enable: true
            """;

    private static WebhooksSnapshot snapshot(String yaml) {
        return WebhooksSnapshot.load("test.yml", yaml.getBytes(StandardCharsets.UTF_8),
                new SmallRyeConfigBuilder().build());
    }

    @Test
    void theHashIsTheSha256OfTheFileBytes() {
        // the FIPS 180-2 known answer for "abc"
        assertThat(WebhooksSnapshot.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(snapshot(BASE).sha256()).isEqualTo(WebhooksSnapshot.sha256(BASE));
    }

    @Test
    void onlyACommentChangedIsNoEffectiveChange() {
        SnapshotDiff diff = SnapshotDiff.between(snapshot(BASE), snapshot("# edited\n" + BASE));
        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.summary()).isEqualTo("no effective change");
    }

    @Test
    void namesTheCallbacksWhoseSettingsChanged() {
        SnapshotDiff diff = SnapshotDiff.between(snapshot(BASE),
                snapshot(BASE.replace("timeout: 5", "timeout: 2") + "beforeAddBlack:\n  enable: true\n"));
        assertThat(diff.urlChanged()).isFalse();
        assertThat(diff.changedKeys()).containsExactly("beforeAddFriend", "beforeAddBlack");
        assertThat(diff.addedBaseUrls()).isEmpty();
        assertThat(diff.removedBaseUrls()).isEmpty();
    }

    @Test
    void aPerCallbackUrlThatGoesAwayRemovesItsBaseUrl() {
        String withOwnUrl = BASE.replace("  timeout: 5\n", "  timeout: 5\n  url: http://friends.test/cb\n");
        SnapshotDiff diff = SnapshotDiff.between(snapshot(withOwnUrl), snapshot(BASE));
        assertThat(diff.urlChanged()).isFalse();
        assertThat(diff.changedKeys()).containsExactly("beforeAddFriend");
        assertThat(diff.addedBaseUrls()).isEmpty();
        assertThat(diff.removedBaseUrls()).containsExactly("http://friends.test/cb");
    }

    @Test
    void aNewUrlAddsOneBaseUrlAndRemovesTheOther() {
        SnapshotDiff diff = SnapshotDiff.between(snapshot(BASE),
                snapshot(BASE.replace("http://business.test/cb", "http://elsewhere.test/cb")));
        assertThat(diff.urlChanged()).isTrue();
        assertThat(diff.changedKeys()).hasSize(53);
        assertThat(diff.addedBaseUrls()).containsExactly("http://elsewhere.test/cb");
        assertThat(diff.removedBaseUrls()).containsExactly("http://business.test/cb");
        assertThat(diff.summary()).startsWith("url changed; 53 callback(s) changed")
                .contains("dropped for 1 removed base url(s)")
                .doesNotContain("business.test");
    }
}
