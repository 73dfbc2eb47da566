package io.imhook.security;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * https business servers are trusted through the TLS configuration {@code imhook.dispatch.tls-configuration-name}
 * names ({@code quarkus.tls.imhook-business-server.trust-store.pem.certs}, {@link SecuredProfile}): a callback to a
 * server whose self-signed certificate is in that trust store is decided by it; one to a server whose certificate
 * is not fails the TLS handshake, a connection error, and the server never sees the request.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(BusinessServerResource.class)
class BusinessServerTlsTest {

    static final String DENY = "{\"actionCode\":0,\"errCode\":5555,\"errMsg\":\"denied over https\",\"errDlt\":\"\","
            + "\"nextCode\":1}";

    private static Vertx vertx;
    /** operationID of each request the https servers received, with the server that received it. */
    private static final Map<String, String> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void startHttpsServers() throws Exception {
        vertx = Vertx.vertx();
        start("trusted");
        start("untrusted");
    }

    /** A real https server on 127.0.0.1 with the test certificate {@code <which>-business-server.crt}; denies all. */
    private static HttpServer start(String which) throws Exception {
        HttpServerOptions options = new HttpServerOptions().setSsl(true).setHost("127.0.0.1")
                .setPort(SecuredProfile.tlsPort(which))
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertPath(SecuredProfile.TLS_DIR.resolve(which + "-business-server.crt").toString())
                        .setKeyPath(SecuredProfile.TLS_DIR.resolve(which + "-business-server.key").toString()));
        return vertx.createHttpServer(options).requestHandler(request -> request.body().onSuccess(body -> {
            received.put(String.valueOf(request.getHeader("operationID")), which);
            request.response().putHeader("Content-Type", "application/json").end(DENY);
        })).listen().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static JsonPath dispatch(String key, String operationID, String body) {
        return given().header("Authorization", "Bearer " + SecuredProfile.TOKEN).header("operationID", operationID)
                .body(body).post("/dispatch/" + key).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aServerInTheTrustStoreDecidesTheCallback() {
        String operationID = BusinessServer.operationId("tls-trusted");
        JsonPath decision = dispatch(SecuredProfile.TRUSTED_KEY, operationID,
                "{\"ownerUserID\":\"u1\",\"friendUserID\":\"u2\",\"remark\":\"r\"}");
        assertThat(decision.getString("outcome")).as(decision.prettify()).isEqualTo("denied");
        assertThat(decision.getInt("errCode")).isEqualTo(5555);
        assertThat(decision.getString("errMsg")).isEqualTo("denied over https");
        assertThat(received).containsEntry(operationID, "trusted");
    }

    @Test
    void aServerOutsideTheTrustStoreIsAConnectionError() {
        String operationID = BusinessServer.operationId("tls-untrusted");
        JsonPath decision = dispatch(SecuredProfile.UNTRUSTED_KEY, operationID,
                "{\"fromUserID\":\"u1\",\"blackUserID\":\"u2\"}");
        assertThat(decision.getString("outcome")).as(decision.prettify()).isEqualTo("failed");
        assertThat(decision.getString("reason")).isEqualTo("connect");
        // failedContinue: true in webhooks-test.yml, so the action proceeds unmodified
        assertThat(decision.getBoolean("proceed")).isTrue();
        assertThat(received).doesNotContainKey(operationID);
        assertThat(List.copyOf(received.values())).doesNotContain("untrusted");
    }
}
