package io.imhook.gateway;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.imhook.testing.ExpectedCallback;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Fields imhook does not know (a newer OpenIM's) reach the business server as they came, through both ingresses,
 * for before- and after-callbacks, at the top level and inside the known objects of a request; the known fields
 * still arrive under their canonical names with Go's zero values, and their types are still checked. A field whose
 * name differs only in case from a known one is that known field, as Go's {@code encoding/json} reads it.
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class UnknownFieldsTest {

    private final BusinessServer server = BusinessServer.instance();
    private final OpenImClient openIm = new OpenImClient("/openim");

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    @Test
    void aDispatchedBeforeCallbackKeepsTheFieldsItDoesNotKnowAtTheTopAndInsideAMember() {
        String opId = BusinessServer.operationId("unknown-dispatch-before");
        given().header("operationID", opId).body("""
                {"groupID":"g1","groupName":"n","futureField":"x",
                 "initMemberList":[{"userID":"u2","roleLevel":20,"futureMemberField":{"since":3}}],
                 "futureObject":{"a":[1,{"b":null}],"c":true}}""")
                .post("/dispatch/beforeCreateGroup")
                .then().statusCode(200).body("outcome", equalTo("allowed"));

        JsonNode arrived = arrived(opId);
        assertThat(names(arrived)).containsExactlyElementsOf(
                withExtras("beforeCreateGroup", "futureField", "futureObject"));
        assertThat(arrived.get("futureField").asText()).isEqualTo("x");
        assertThat(arrived.get("futureObject")).isEqualTo(GatewayTesting.json("{\"a\":[1,{\"b\":null}],\"c\":true}"));
        assertThat(arrived.get("initMemberList").get(0)).isEqualTo(GatewayTesting.json(
                "{\"userID\":\"u2\",\"roleLevel\":20,\"futureMemberField\":{\"since\":3}}"));
        // imhook's own changes stay: a zero for what was left out, the operationID filled, the command set
        assertThat(arrived.get("memberCount").asLong()).isZero();
        assertThat(arrived.get("operationID").asText()).isEqualTo(opId);
        assertThat(arrived.get("callbackCommand").asText()).isEqualTo("callbackBeforeCreateGroupCommand");
    }

    @Test
    void aBeforeCallbackThroughTheGatewayKeepsTheFieldsItDoesNotKnowInEveryListElement() {
        String opId = BusinessServer.operationId("unknown-gateway-before");
        String body = """
                {"groupID":"g1","memberList":[{"userID":"u1","futureFlag":1},{"userID":"u2","ex":"e"}],
                 "futureField":[1,2]}""";
        Response answered = openIm.post("callbackBeforeMembersJoinGroupCommand", opId, body);

        assertThat(GatewayTesting.openImReads("beforeMemberJoinGroup", body, answered).proceeds()).isTrue();
        JsonNode arrived = arrived(opId);
        assertThat(names(arrived)).containsExactlyElementsOf(withExtras("beforeMemberJoinGroup", "futureField"));
        // the known member field left out arrives as before
        assertThat(arrived.get("memberList").get(0))
                .isEqualTo(GatewayTesting.json("{\"userID\":\"u1\",\"ex\":null,\"futureFlag\":1}"));
        assertThat(arrived.get("memberList").get(1))
                .isEqualTo(GatewayTesting.json("{\"userID\":\"u2\",\"ex\":\"e\"}"));
        assertThat(arrived.get("futureField")).isEqualTo(GatewayTesting.json("{\"f\":[1,2]}").get("f"));
        assertThat(arrived.get("groupEx").isNull()).as("left out, written as imhook always wrote it").isTrue();
    }

    @Test
    void aDispatchedAfterCallbackIsDeliveredWithTheFieldsItDoesNotKnow() {
        String opId = BusinessServer.operationId("unknown-dispatch-after");
        given().header("operationID", opId)
                .body("{\"users\":[{\"userID\":\"u1\",\"futureUserField\":\"y\"}],\"futureField\":\"x\"}")
                .post("/dispatch/afterUserRegister")
                .then().statusCode(202);

        JsonNode arrived = arrived(opId);
        assertThat(names(arrived)).containsExactlyElementsOf(withExtras("afterUserRegister", "futureField"));
        assertThat(arrived.get("futureField").asText()).isEqualTo("x");
        JsonNode user = arrived.get("users").get(0);
        assertThat(names(user)).containsExactly("userID", "nickname", "faceURL", "ex", "createTime",
                "appMangerLevel", "globalRecvMsgOpt", "futureUserField");
        assertThat(user.get("futureUserField").asText()).isEqualTo("y");
    }

    @Test
    void anAfterCallbackThroughTheGatewayIsDeliveredWithTheFieldsItDoesNotKnow() {
        String opId = BusinessServer.operationId("unknown-gateway-after");
        String body = """
                {"sendID":"u1","recvID":"u-watched","sessionType":1,"contentType":101,"futureField":{"k":"v"}}""";
        openIm.post("callbackAfterSendSingleMsgCommand", opId, body).then().statusCode(200);

        JsonNode arrived = arrived(opId);
        assertThat(names(arrived)).containsExactlyElementsOf(withExtras("afterSendSingleMsg", "futureField"));
        assertThat(arrived.get("futureField").get("k").asText()).isEqualTo("v");
    }

    @Test
    void aNameThatDiffersOnlyInCaseIsTheKnownFieldUnderItsCanonicalName() {
        String opId = BusinessServer.operationId("unknown-case");
        given().header("operationID", opId).body("""
                {"SendID":"alice","RECVID":"bob","sessionType":1,"contentType":101,"groupid":"g1",
                 "FutureField":"x"}""")
                .post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200).body("outcome", equalTo("allowed"));

        JsonNode arrived = arrived(opId);
        // groupid is beforeSendSingleMsg's groupID, which the callback does not send
        assertThat(names(arrived)).containsExactlyElementsOf(withExtras("beforeSendSingleMsg", "FutureField"));
        assertThat(arrived.get("sendID").asText()).isEqualTo("alice");
        assertThat(arrived.get("recvID").asText()).isEqualTo("bob");
    }

    @Test
    void aNameThatDiffersOnlyInCaseIsFilteredAsTheKnownField() {
        // deniedTypes of the test webhooks.yml holds 102
        given().header("operationID", BusinessServer.operationId("unknown-case-filtered"))
                .body("{\"sendID\":\"a\",\"recvID\":\"b\",\"sessionType\":1,\"ContentType\":102}")
                .post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200).body("outcome", equalTo("skipped")).body("reason", equalTo("filtered"));
    }

    @Test
    void aKnownFieldOfTheWrongTypeNextToUnknownOnesIsStillRefused() {
        String opId = BusinessServer.operationId("unknown-wrong-type");
        given().header("operationID", opId).body("""
                {"futureField":"x","initMemberList":[{"userID":"u2","roleLevel":"20","futureMemberField":1}]}""")
                .post("/dispatch/beforeCreateGroup")
                .then().statusCode(400).body("error", equalTo("badRequest"))
                .body("field", equalTo("initMemberList[0].roleLevel"));
        openIm.post("callbackBeforeMembersJoinGroupCommand", opId,
                "{\"memberList\":[{\"userID\":5,\"futureFlag\":1}],\"futureField\":2}")
                .then().statusCode(400).body("error", equalTo("badRequest"));

        assertThat(server.requestsFor(opId)).isEmpty();
    }

    private JsonNode arrived(String opId) {
        try {
            return GatewayTesting.JSON.readTree(server.awaitRequest(opId).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The callback's own fields in wire order (expected-callbacks.tsv), then {@code extras}. */
    private static List<String> withExtras(String key, String... extras) {
        ExpectedCallback expected = ExpectedCallback.all().stream().filter(row -> row.key().equals(key))
                .findFirst().orElseThrow();
        return Stream.concat(expected.fields().stream(), Stream.of(extras)).toList();
    }
}
