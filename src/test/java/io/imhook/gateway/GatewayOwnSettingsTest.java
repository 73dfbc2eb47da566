package io.imhook.gateway;

import static io.imhook.gateway.GatewayTesting.json;
import static io.imhook.gateway.GatewayTesting.openImReads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.imhook.gateway.OpenImDecoder.WhatOpenImDoes;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.OwnSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "/openim", "/openim/wrong-token", "/openim/s3cr3t-Token_", "/openim/S3CR3T-TOKEN_1" })
    void withoutTheRightTokenTheGatewayAnswers404AndCallsNobody(String url) {
        String opId = BusinessServer.operationId("gw-no-token");
        new OpenImClient(url).post("callbackBeforeImportFriendsCommand", opId, IMPORT)
                .then().statusCode(404).contentType("application/json").body("error", equalTo("notFound"));
        assertThat(server.requestsFor(opId)).isEmpty();
    }

    @Test
    void anUnknownCommandUnderTheTokenIsStillAJson404() {
        openIm.post("callbackBeforeTeleportCommand", "op", IMPORT)
                .then().statusCode(404).body("error", equalTo("unknownCommand"));
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
