package io.imhook.security;

import static io.imhook.security.SignedCallbacksTest.api;
import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.imhook.signing.WebhookSigner;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.Settle;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The log of a whole signed run (before- and after-callbacks, failures, a dead letter and its replay, signed and
 * refused receiver calls, refused API calls), at DEBUG for imhook, holds no secret, no token and no message body;
 * nor do the metrics, the error bodies or the event list.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(BusinessServerResource.class)
class SecretsNotLoggedTest {

    private final BusinessServer server = BusinessServer.instance();
    @Inject
    InMemorySpanExporter spans;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final ExtHandler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            StringBuilder line = new StringBuilder(String.valueOf(record.getFormattedMessage()))
                    .append(' ').append(record.getMdcCopy());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(' ').append(trace);
            }
            lines.add(line.toString());
        }
    };
    private Logger root;
    private Logger imhook;
    private Level previousLevel;

    @BeforeEach
    void captureEverything() {
        root = LogContext.getLogContext().getLogger("");
        imhook = LogContext.getLogContext().getLogger("io.imhook");
        previousLevel = imhook.getLevel();
        imhook.setLevel(org.jboss.logmanager.Level.DEBUG);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        root.removeHandler(capture);
        imhook.setLevel(previousLevel);
        Settle.afterQueue(server);
        api().delete("/admin/dead-letters").then().statusCode(200);
    }

    @Test
    void aWholeSignedRunLogsNoSecretNoTokenAndNoBody() throws Exception {
        String marker = "body-text-" + UUID.randomUUID();
        List<String> errorBodies = new CopyOnWriteArrayList<>();

        // a before-callback the business server allows, one it fails, one that times out
        String allowed = BusinessServer.operationId("log-allowed");
        api().header("operationID", allowed).body(message(marker)).post("/dispatch/beforeSendSingleMsg").then()
                .statusCode(200);
        String failing = BusinessServer.operationId("log-failing");
        server.script(failing, Answer.status(503));
        errorBodies.add(api().header("operationID", failing).body(message(marker)).post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200).extract().asString());
        // an after-callback that fails, is retried, dead-lettered and replayed
        String after = BusinessServer.operationId("log-after");
        server.script(after, Answer.status(500));
        api().header("operationID", after).body("{\"groupID\":\"" + marker + "\",\"userID\":\"u1\"}")
                .post("/dispatch/afterQuitGroup").then().statusCode(202);
        long deadLetter = await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/admin/dead-letters")
                .then().extract().jsonPath().getList("findAll { it.operationID == '" + after + "' }.id", Long.class),
                ids -> ids.size() == 1).get(0);
        server.release();
        api().post("/admin/dead-letters/" + deadLetter + "/replay").then().statusCode(200);
        server.awaitRequests(after, 4);
        // the receiver: a signed callback, a badly signed one
        byte[] body = ("{\"fromUserID\":\"" + marker + "\",\"toUserID\":\"bob\"}").getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();
        String id = "evt-" + UUID.randomUUID();
        given().header(WebhookSigner.ID_HEADER, id).header(WebhookSigner.TIMESTAMP_HEADER, String.valueOf(now))
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.signatureHeader(
                        List.of(SecuredProfile.newSecret()), id, now, body))
                .body(body).post("/callbackExample/callbackBeforeAddFriendCommand").then().statusCode(200);
        errorBodies.add(given().header(WebhookSigner.ID_HEADER, id)
                .header(WebhookSigner.TIMESTAMP_HEADER, String.valueOf(now))
                .header(WebhookSigner.SIGNATURE_HEADER, "v1,AAAA").body(body)
                .post("/callbackExample/callbackBeforeAddFriendCommand").then().statusCode(401).extract().asString());
        // refused API calls
        errorBodies.add(given().header("Authorization", "Bearer " + SecuredProfile.TOKEN.substring(1))
                .get("/admin/dead-letters").then().statusCode(401).extract().asString());
        errorBodies.add(api().body("{\"contentType\":\"" + marker + "\"}").post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(400).extract().asString());

        // the gateway on its token path: a decision, and the refusals of the API guard (415, 413, a bad operationID)
        String gateway = "/openim/" + SecuredProfile.GATEWAY_TOKEN + "/callbackBeforeSendSingleMsgCommand";
        given().header("operationID", BusinessServer.operationId("log-gateway")).body(message(marker)).post(gateway)
                .then().statusCode(200);
        errorBodies.add(io.restassured.RestAssured.given().contentType("application/x-www-form-urlencoded")
                .body("a=" + marker).post(gateway).then().statusCode(415).extract().asString());
        errorBodies.add(given().header("operationID", "bad id with spaces").body(message(marker)).post(gateway)
                .then().statusCode(400).extract().asString());
        // refused from its Content-Length: only the head is sent, as a client still writing the body to a server
        // that answered and closed may get a broken pipe instead of the answer (a fresh-clone CI run did)
        String tooLarge = RawHttp.head("POST " + gateway + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nContent-Length: 1100000\r\nConnection: close\r\n\r\n");
        assertThat(tooLarge).as(tooLarge).startsWith("HTTP/1.1 413");
        errorBodies.add(tooLarge.substring(tooLarge.indexOf("\r\n\r\n") + 4));
        // a malformed reply that quotes the user's text: neither errDlt nor detail repeats it
        String badReply = BusinessServer.operationId("log-bad-reply");
        server.script(badReply, Answer.body("{\"actionCode\":0,\"errCode\":\"" + marker + "\"}"));
        String decision = api().header("operationID", badReply).body(message("x")).post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200).extract().asString();
        assertThat(decision).contains("wrong type for field 'errCode'").doesNotContain(marker);
        errorBodies.add(decision);
        String settings = api().get("/dispatch/settings").then().statusCode(200).extract().asString();

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String events = api().get("/callbackExample/events").then().statusCode(200).extract().asString();
        String health = given().get("/q/health").then().extract().asString();

        assertThat(lines).as("captured log lines").isNotEmpty();
        List<String> secrets = List.of(SecuredProfile.OLD_KEY, SecuredProfile.NEW_KEY, SecuredProfile.TOKEN,
                SecuredProfile.TOKEN.substring(1), SecuredProfile.GATEWAY_TOKEN);
        List<String> traced = spans.getFinishedSpanItems().stream().map(SecretsNotLoggedTest::describe).toList();
        assertThat(traced).as("spans").anyMatch(span -> span.contains("url.path=/openim/{token}/"));
        assertThat(settings).as("settings").doesNotContain(BusinessServer.BASE_PATH);
        for (String secret : secrets) {
            assertThat(traced).as("spans").noneMatch(span -> span.contains(secret));
            assertThat(settings).as("settings").doesNotContain(secret);
            assertThat(lines).as("log lines").noneMatch(line -> line.contains(secret));
            assertThat(metrics).as("metrics").doesNotContain(secret);
            assertThat(events).as("event list").doesNotContain(secret);
            assertThat(health).as("health").doesNotContain(secret);
            assertThat(errorBodies).as("error bodies").noneMatch(errorBody -> errorBody.contains(secret));
        }
        assertThat(lines).as("log lines").noneMatch(line -> line.contains(marker));
        assertThat(traced).as("spans").noneMatch(span -> span.contains(marker));
        assertThat(lines).as("log lines").noneMatch(line -> line.contains(server.url()));
    }

    @Test
    void noRequestAnOutsiderShapesAddsAMetricsLabel() {
        String random = "/probe-" + UUID.randomUUID();
        for (int i = 0; i < 130; i++) {
            given().get(random + "/" + i).then().statusCode(401);
        }
        String operationID = BusinessServer.operationId("labels");
        api().header("operationID", operationID).body(message("x")).post("/dispatch/beforeSendSingleMsg").then()
                .statusCode(200);
        server.awaitRequest(operationID);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).doesNotContain(random)
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"401\",uri=\"/refused\"")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\",uri=\"/dispatch/\\{key}\"");
    }

    /** A span as text: its name, status, attributes and events' attributes. */
    private static String describe(SpanData span) {
        return span.getName() + " " + span.getStatus() + " " + span.getAttributes().asMap().entrySet().stream()
                .map(entry -> entry.getKey().getKey() + "=" + entry.getValue()).toList() + " "
                + span.getEvents().stream().map(event -> event.getName() + event.getAttributes()).toList();
    }

    private static String message(String text) {
        return "{\"sendID\":\"u1\",\"recvID\":\"u2\",\"contentType\":101,\"sessionType\":1,"
                + "\"content\":\"{\\\"content\\\":\\\"" + text + "\\\"}\"}";
    }
}
