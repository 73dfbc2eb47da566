package io.imhook.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http://127.0.0.1:10006/callbackExample, http://127.0.0.1:10006",
            "https://biz.example.com/hook/s3cr3t-token?key=abc, https://biz.example.com:443",
            "http://user:password@biz.example.com/cb, http://biz.example.com:80",
            "HTTP://Biz.example.com:8080, http://Biz.example.com:8080",
            "http://[::1]:9000/x, http://[::1]:9000",
            "not a url, (invalid url)",
            "/relative/path, (invalid url)" })
    void onlySchemeHostAndPortRemain(String url, String redacted) {
        assertThat(UrlRedaction.redact(url)).isEqualTo(redacted);
    }
}
