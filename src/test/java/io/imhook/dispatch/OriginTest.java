package io.imhook.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What operators see of a business server's url: scheme, host and port, never a path, query or user info. */
class OriginTest {

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:10006/callbackExample, http://127.0.0.1:10006",
            "https://hooks.example.com/t/s3cr3t?key=abc, https://hooks.example.com:443",
            "http://user:pass@Hooks.Example.com/cb, http://hooks.example.com:80",
            "HTTP://host:8080, http://host:8080",
            "not a url, invalid-url" })
    void keepsOnlySchemeHostAndPort(String url, String origin) {
        assertThat(Origin.of(url)).isEqualTo(origin);
    }
}
