package io.imhook.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LoggedBodyTest {

    @Test
    void byDefaultOnlySizeAndAHashPrefix() {
        byte[] body = "{\"content\":\"my secret message\"}".getBytes(StandardCharsets.UTF_8);
        String logged = LoggedBody.of(body);
        assertThat(logged).matches("size=" + body.length + " sha256=[0-9a-f]{16}").doesNotContain("secret");
        assertThat(LoggedBody.of(body)).isEqualTo(logged);
        assertThat(LoggedBody.of("{}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(logged);
        assertThat(LoggedBody.of(null)).isEqualTo("size=0");
    }
}
