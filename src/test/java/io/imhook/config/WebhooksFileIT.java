package io.imhook.config;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imhook.testing.FreePort;
import io.imhook.testing.PackagedApp;

/** The packaged app, started as a user starts it, with an external webhooks.yml (a mounted ConfigMap). */
class WebhooksFileIT {

    private final int port = FreePort.pick();

    @Test
    void badFileStopsStartUpNamingTheKeyAndTheValue(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("webhooks.yml"),
                "url: http://127.0.0.1:10006/callbackExample\nbeforeSendSingleMsg:\n  enable: true\n  timeout: five\n");
        try (PackagedApp app = PackagedApp.start(Map.of("IMHOOK_WEBHOOKS_FILE", file.toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(port)))) {
            int exitCode = app.exitCode(60);
            assertThat(exitCode).isNotIn(0, -1);
            assertThat(app.output()).contains("webhooks.beforeSendSingleMsg.timeout").contains("five");
        }
    }

    @Test
    void anEmptyFileStopsStartUpSayingSo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("webhooks.yml"), "");
        try (PackagedApp app = PackagedApp.start(Map.of("IMHOOK_WEBHOOKS_FILE", file.toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(port)))) {
            assertThat(app.exitCode(60)).isNotIn(0, -1);
            assertThat(app.output()).contains(file + " holds neither a url nor a callback key");
        }
    }

    @Test
    void externalFileIsReadAtRunTime(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("webhooks.yml"),
                "url: http://business.example:8080/hooks\nbeforeAddFriend:\n  enable: true\n  timeout: 3\n");
        try (PackagedApp app = PackagedApp.start(Map.of("IMHOOK_WEBHOOKS_FILE", file.toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(port)))) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> given()
                    .port(port).get("/dispatch")
                    .then().statusCode(200)
                    .body("find { it.key == 'beforeAddFriend' }.enabled", equalTo(true))
                    .body("find { it.key == 'beforeAddFriend' }.timeoutSeconds", equalTo(3))
                    .body("find { it.key == 'beforeSendSingleMsg' }.enabled", equalTo(false)));
        }
    }
}
