package io.imhook.dispatch;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.FreePort;
import io.imhook.testing.PackagedApp;
import io.restassured.path.json.JsonPath;

/**
 * The very first before-callback of a freshly started packaged app, to a business server that never answers, is
 * decided when its {@code timeout} ends, like every later one. It took 1.13-1.27 s for {@code timeout: 1} while
 * SmallRye built its guards and loaded its timer and event-loop support, and Jackson its readers, on that first call,
 * partly before its timer started; now they are built at start-up.
 */
class FirstTimeoutIT {

    private static final long TIMEOUT_MILLIS = 1_000;
    /**
     * How late the first decision may be: the parse, the guards and the timer's own lateness on a loaded 2-core
     * machine (44-91 ms measured). Without the start-up warm-up, the first decision overshot by 128-273 ms.
     */
    private static final long LATE_AT_MOST_MILLIS = 150;

    private final BusinessServer server = BusinessServer.instance();
    private final int port = FreePort.pick();

    @AfterEach
    void release() {
        server.release();
    }

    @Test
    void theFirstBeforeCallbackAfterStartUpIsDecidedWhenItsTimeoutEnds(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("webhooks.yml"), """
                url: %s
                beforeSendSingleMsg:
                  enable: true
                  timeout: 1
                  failedContinue: true
                """.formatted(server.url()));
        String operationID = BusinessServer.operationId("first-timeout");
        server.neverAnswer(operationID);
        try (PackagedApp app = PackagedApp.start(Map.of("IMHOOK_WEBHOOKS_FILE", file.toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(port)))) {
            app.awaitReady(port);

            JsonPath decision = given().port(port).header("operationID", operationID)
                    .body("{\"sendID\":\"u1\",\"recvID\":\"u2\",\"sessionType\":1,\"contentType\":101}")
                    .post("/dispatch/beforeSendSingleMsg")
                    .then().statusCode(200).extract().jsonPath();

            assertThat(decision.getString("outcome")).isEqualTo("failed");
            assertThat(decision.getString("reason")).isEqualTo("timeout");
            assertThat(server.awaitRequest(operationID).command()).isEqualTo("callbackBeforeSendSingleMsgCommand");
            assertThat(decision.getLong("elapsedMs")).as("the first decision's own elapsed time")
                    .isBetween(TIMEOUT_MILLIS, TIMEOUT_MILLIS + LATE_AT_MOST_MILLIS);
        }
    }
}
