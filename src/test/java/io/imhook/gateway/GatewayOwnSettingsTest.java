package io.imhook.gateway;

import static io.imhook.gateway.GatewayTesting.json;
import static io.imhook.gateway.GatewayTesting.openImReads;
import static org.assertj.core.api.Assertions.assertThat;
import static io.imhook.testing.Prometheus.change;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.gateway.OpenImClient.UrlForm;
import io.imhook.gateway.OpenImDecoder.WhatOpenImDoes;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.OwnSettings;
import io.imhook.testing.Prometheus.Change;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * The gateway with a token, and imhook's own webhooks.yml with per-callback urls: some keys at a business server
 * that is down (a closed port), one at another path of the live one, two disabled.
 */
@QuarkusTest
@TestProfile(OwnSettings.class)
@WithTestResource(BusinessServerResource.class)
@WithTestResource(OwnSettings.OwnUrl.class)
class GatewayOwnSettingsTest {

    static final String TOKEN = OwnSettings.GATEWAY_TOKEN;
    private static final String FRIEND = "{\"fromUserID\":\"u1\",\"toUserID\":\"u2\",\"reqMsg\":\"hi\",\"ex\":\"\"}";
    private static final String BLACK = "{\"ownerUserID\":\"u1\",\"blackUserID\":\"u2\"}";
    private static final String IMPORT = "{\"ownerUserID\":\"u1\",\"friendUserIDs\":[\"u2\"]}";

    private final BusinessServer server = BusinessServer.instance();
    private final OpenImClient openIm = new OpenImClient("/openim/" + TOKEN);

    @AfterEach
    void release() {
        server.release();
    }

    @Test
    void underTheTokenACallbackWithItsOwnUrlGoesThere() {
        String opId = BusinessServer.operationId("gw-own-url");
        Response answered = openIm.post("callbackBeforeImportFriendsCommand", opId, IMPORT);

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(server.awaitRequest(opId).path()).isEqualTo("/own/callbackBeforeImportFriendsCommand");
        String other = BusinessServer.operationId("gw-top-level-url");
        openIm.post("callbackBeforeSetGroupMemberInfoCommand", other, "{\"groupID\":\"g1\",\"userID\":\"u1\"}")
                .then().statusCode(200);
        assertThat(server.awaitRequest(other).path()).isEqualTo(BusinessServer.BASE_PATH
                + "/callbackBeforeSetGroupMemberInfoCommand");
    }

    static List<String> wrongUrls() {
        return List.of("/openim", "/openim/wrong-token", "/openim/" + TOKEN.substring(0, TOKEN.length() - 1),
                "/openim/" + TOKEN.toUpperCase(Locale.ROOT), "/openim/" + TOKEN + "x", "/openim/" + TOKEN.repeat(8),
                "/openim/", "/openim/" + TOKEN + "/extra", "/openim/abc+def/ghi=");
    }

    /** OpenIM pointed at a wrong url is blocked, not waved through: its Go code reads the body as a block. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongUrls")
    void withoutTheRightTokenTheGatewayAnswers404WithABlockAndCallsNobody(String url) {
        String opId = BusinessServer.operationId("gw-no-token");
        Response answered = new OpenImClient(url).post("callbackBeforeImportFriendsCommand", opId, IMPORT);

        answered.then().statusCode(404).contentType("application/json").body("error", equalTo("notFound"));
        assertThat(answered.jsonPath().getString("message")).isNotBlank().doesNotContain(TOKEN);
        WhatOpenImDoes openImDoes = openImReads("beforeImportFriends", IMPORT, answered);
        assertThat(openImDoes.proceeds()).isFalse();
        assertThat(openImDoes.errCode()).isEqualTo(1002);
        assertThat(answered.asString()).doesNotContain("wrong-token").doesNotContain("ghi");
        assertThat(server.requestsFor(opId)).isEmpty();
    }

    /** The older OpenIM url forms carry the token in the url as the current one does, and need it as much. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(UrlForm.class)
    void everyOpenImUrlFormNeedsTheToken(UrlForm form) {
        String opId = BusinessServer.operationId("gw-form-token");
        openIm.post(form, "callbackBeforeImportFriendsCommand", opId, IMPORT).then().statusCode(200);
        assertThat(server.awaitRequest(opId).path()).isEqualTo("/own/callbackBeforeImportFriendsCommand");

        for (String wrong : List.of("/openim", "/openim/wrong-token")) {
            String refused = BusinessServer.operationId("gw-form-no-token");
            Response answered = new OpenImClient(wrong).post(form, "callbackBeforeImportFriendsCommand", refused,
                    IMPORT);
            answered.then().statusCode(404).body("error", equalTo("notFound"));
            assertThat(openImReads("beforeImportFriends", IMPORT, answered).proceeds()).isFalse();
            assertThat(server.requestsFor(refused)).isEmpty();
        }
    }

    @Test
    void refusalsAreCountedByReason() {
        Change wrongToken = change(() -> new OpenImClient("/openim/wrong-token")
                .post("callbackBeforeImportFriendsCommand", "op", IMPORT).then().statusCode(404));
        Change extraSegment = change(() -> openIm.post("extra/callbackBeforeImportFriendsCommand", "op", IMPORT)
                .then().statusCode(404));

        assertThat(wrongToken.of("imhook_gateway_refused_total", Map.of("reason", "token"))).isEqualTo(1);
        assertThat(wrongToken.of("imhook_gateway_refused_total", Map.of("reason", "shape"))).isZero();
        assertThat(extraSegment.of("imhook_gateway_refused_total", Map.of("reason", "shape"))).isEqualTo(1);
        Change unknownCommand = change(() -> openIm.post("callbackBeforeTeleportCommand", "op", IMPORT)
                .then().statusCode(404));
        assertThat(unknownCommand.of("imhook_gateway_refused_total", Map.of("reason", "unknownCommand")))
                .isEqualTo(1);
    }

    /**
     * Without API tokens nothing runs ahead of the gateway's check: dot segments, encoded characters and matrix
     * parameters, sent as written by the JDK's client (REST Assured would normalize them), are refused with the
     * block and reach nobody, while the same url spelled plainly dispatches.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/x/%2e%2e/openim/", "/x/../openim/", "/%6fpenim/", "/openim;x=1/", "/openim/;x/",
            "/openim/" + TOKEN + "/%2e%2e/", "/openim/wrong/%2e%2e/", "/openim/" + TOKEN + "/%2e/",
            "/openim/" + TOKEN + ";x=1/", "/openim//", "/openim/" + TOKEN + "//", "/openim/" + TOKEN + "%2f" })
    void aPathSpelledOtherwiseIsRefusedWithABlock(String prefix) throws Exception {
        String opId = BusinessServer.operationId("gw-spelled");
        HttpResponse<String> answered = postAsWritten(prefix + "callbackBeforeImportFriendsCommand", opId);

        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(404);
        WhatOpenImDoes openImDoes = OpenImDecoder.decode("beforeImportFriends", json(IMPORT), answered.body());
        assertThat(openImDoes.proceeds()).isFalse();
        assertThat(openImDoes.errCode()).isEqualTo(1002);
        assertThat(server.requestsFor(opId)).isEmpty();

        String plain = BusinessServer.operationId("gw-plain");
        assertThat(postAsWritten("/openim/" + TOKEN + "/callbackBeforeImportFriendsCommand", plain).statusCode())
                .isEqualTo(200);
        assertThat(server.awaitRequest(plain)).isNotNull();
    }

    private static HttpResponse<String> postAsWritten(String path, String operationID) throws Exception {
        // the JDK's client sends the path as given: neither dot segments nor percent-encodings are resolved
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
                .newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Content-Type", "application/json").header("operationID", operationID)
                .POST(HttpRequest.BodyPublishers.ofString(IMPORT)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anUnknownCommandUnderTheTokenIsAJson404ThatBlocks() {
        openIm.post("callbackBeforeTeleportCommand", "op", IMPORT)
                .then().statusCode(404).body("error", equalTo("unknownCommand")).body("nextCode", equalTo(1));
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void aBusinessServerThatIsDownIsAFailedExchange(boolean failedContinue) {
        String key = failedContinue ? "beforeAddFriend" : "beforeAddBlack";
        String request = failedContinue ? FRIEND : BLACK;
        WhatOpenImDoes openImDoes = openImReads(key, request, openIm.post(failedContinue
                ? "callbackBeforeAddFriendCommand" : "callbackBeforeAddBlackCommand",
                BusinessServer.operationId("gw-down"), request));

        assertThat(openImDoes.proceeds()).isEqualTo(failedContinue);
        if (failedContinue) {
            assertThat(openImDoes.action()).isEqualTo(json(request));
        } else {
            assertThat(openImDoes.errCode()).isEqualTo(90004);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "beforeSetGroupInfo, callbackBeforeSetGroupInfoCommand",
            "beforeSetGroupInfoEx, callbackBeforeSetGroupInfoExCommand" })
    void aBusinessServerThatIsDownLeavesEveryGroupFieldAsItWas(String key, String command) {
        String request = GatewayGroupInfoTest.request(key);
        WhatOpenImDoes openImDoes = openImReads(key, request,
                openIm.post(command, BusinessServer.operationId("gw-group-down"), request));

        assertThat(openImDoes.proceeds()).isTrue();
        assertThat(openImDoes.action()).isEqualTo(json(request));
    }

    @ParameterizedTest(name = "failedContinue={0}")
    @ValueSource(booleans = { true, false })
    void aDisabledKeyIsSkippedWithoutAnHttpCallAndOpenImProceeds(boolean failedContinue) {
        String key = failedContinue ? "beforeSetFriendRemark" : "beforeCreateSingleChatConversations";
        String command = failedContinue ? "callbackBeforeSetFriendRemarkCommand"
                : "callbackBeforeCreateSingleChatConversationsCommand";
        String request = failedContinue ? "{\"ownerUserID\":\"u1\",\"friendUserID\":\"u2\",\"remark\":\"Bob\"}"
                : "{\"ownerUserId\":\"u1\",\"conversationId\":\"si_u1_u2\",\"conversationType\":1,\"userId\":\"u2\"}";
        String opId = BusinessServer.operationId("gw-disabled");

        WhatOpenImDoes openImDoes = openImReads(key, request, openIm.post(command, opId, request));

        assertThat(openImDoes.proceeds()).isTrue();
        assertThat(openImDoes.action()).isEqualTo(json(request));
        assertThat(server.requestsFor(opId)).isEmpty();
    }
}
