package io.imhook.logging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every log line of a callback carries its operationID in the MDC (JSON logs print the MDC). */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class OperationIdLoggingTest {

    /** One log line as the handler saw it, with the MDC value read while the line was logged. */
    record Line(String message, String operationID) {
    }

    private final BusinessServer server = BusinessServer.instance();
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final ExtHandler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            lines.add(new Line(record.getFormattedMessage(), record.getMdc(OperationIdLogging.OPERATION_ID)));
        }
    };
    private Logger logger;
    private Level previousLevel;

    @BeforeEach
    void captureDebugLines() {
        logger = LogContext.getLogContext().getLogger(OperationIdLogging.class.getName());
        previousLevel = logger.getLevel();
        logger.setLevel(org.jboss.logmanager.Level.DEBUG);
        logger.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
        logger.setLevel(previousLevel);
        server.release();
    }

    @Test
    void aDispatchLogsUnderTheOperationIdItCameWith() {
        String operationID = BusinessServer.operationId("log");
        given().header("operationID", operationID).body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack").then().statusCode(200);

        assertThat(lineAbout("POST /dispatch/beforeAddBlack answered 200").operationID()).isEqualTo(operationID);
    }

    @Test
    void aDispatchWithoutOneLogsSendsAndEchoesTheSameGeneratedId() {
        String echoed = given().body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack").then().statusCode(200).extract().header("operationID");

        assertThat(echoed).matches("[0-9a-f-]{36}");
        assertThat(server.awaitRequest(echoed).command()).isEqualTo("callbackBeforeAddBlackCommand");
        assertThat(lineAbout("POST /dispatch/beforeAddBlack answered 200").operationID()).isEqualTo(echoed);
    }

    @Test
    void theReceiverLogsUnderOpenImsOperationId() {
        String operationID = BusinessServer.operationId("log-receiver");
        given().header("Operationid", operationID).body("{\"fromUserID\":\"alice\",\"toUserID\":\"bob\"}")
                .post("/callbackExample/callbackBeforeAddFriendCommand?contenttype=json").then().statusCode(200);

        assertThat(lineAbout("POST /callbackExample/callbackBeforeAddFriendCommand answered 200").operationID())
                .isEqualTo(operationID);
    }

    @Test
    void theReceiverInventsNoOperationId() {
        // without an operationID, this test's event is told apart by a sender nobody else uses
        String sender = UUID.randomUUID().toString();
        given().body("{\"fromUserID\":\"" + sender + "\",\"toUserID\":\"bob\"}")
                .post("/callbackExample/callbackBeforeAddFriendCommand").then().statusCode(200);

        assertThat(lineAbout("POST /callbackExample/callbackBeforeAddFriendCommand answered 200").operationID())
                .isNull();
        given().queryParam("command", "callbackBeforeAddFriendCommand").get("/callbackExample/events")
                .then().statusCode(200)
                .body("find { it.body.fromUserID == '" + sender + "' }.operationID", org.hamcrest.Matchers.equalTo(""));
    }

    @Test
    void theIdDoesNotOutliveItsRequest() {
        given().header("operationID", BusinessServer.operationId("log-first")).body("{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}")
                .post("/dispatch/beforeAddBlack").then().statusCode(200);
        given().get("/dispatch").then().statusCode(200);

        assertThat(lineAbout("GET /dispatch answered 200").operationID()).isNull();
    }

    private Line lineAbout(String message) {
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> lines.stream().filter(line -> line.message().equals(message)).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
