package io.imhook.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlPathsTest {

    @Test
    void dropsEveryTrailingSlash() {
        assertThat(UrlPaths.withoutTrailingSlashes("http://host/cb//")).isEqualTo("http://host/cb");
        assertThat(UrlPaths.withoutTrailingSlashes("http://host/cb/")).isEqualTo("http://host/cb");
        assertThat(UrlPaths.withoutTrailingSlashes("///")).isEmpty();
    }

    @Test
    void keepsTextWithoutATrailingSlashAsItIs() {
        String url = "http://host/a/b";
        assertThat(UrlPaths.withoutTrailingSlashes(url)).isSameAs(url);
        assertThat(UrlPaths.withoutTrailingSlashes("")).isEmpty();
        assertThat(UrlPaths.withoutTrailingSlashes("/a//b")).isEqualTo("/a//b");
    }
}
