package io.imhook.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutboundChecksTest {

    @ParameterizedTest(name = "{0}: warn {1}")
    @CsvSource({
            "http://127.0.0.1:10006/callbackExample, false",
            "http://localhost:8080/cb, false",
            "http://[::1]:8080/cb, false",
            "https://biz.example.com/cb, false",
            "http://biz.example.com/cb, true",
            "http://10.0.0.5:8080/cb, true" })
    void plainHttpToAnotherHostIsWarnedAbout(String url, boolean warned) {
        assertThat(OutboundChecks.isPlainHttpToAnotherHost(url)).isEqualTo(warned);
    }
}
