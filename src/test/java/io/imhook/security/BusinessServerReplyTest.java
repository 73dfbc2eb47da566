package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A business server's reply costs at most the reply limit, and is never decompressed. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class BusinessServerReplyTest {

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void release() {
        server.release();
    }

    @Test
    void aReplyOverTheLimitIsABadReply() {
        String operationID = BusinessServer.operationId("huge-reply");
        String huge = "{\"actionCode\":0,\"errCode\":0,\"nextCode\":0,\"errMsg\":\"" + "x".repeat(2 * 1024 * 1024)
                + "\"}";
        server.answer(operationID, huge);
        given().header("operationID", operationID).body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack").then().statusCode(200)
                .body("outcome", equalTo("failed"))
                .body("reason", equalTo("badReply"))
                .body("errCode", equalTo(90007));
        HostileInputTest.assertHealthy();
    }

    @Test
    void noCompressedReplyIsAskedFor() {
        String operationID = BusinessServer.operationId("no-gzip");
        given().header("operationID", operationID).body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack").then().statusCode(200);
        assertThat(server.awaitRequest(operationID).header("Accept-Encoding")).isNull();
    }
}
