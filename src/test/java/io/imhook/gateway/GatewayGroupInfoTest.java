package io.imhook.gateway;

import static io.imhook.gateway.GatewayTesting.json;
import static io.imhook.gateway.GatewayTesting.openImReads;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.imhook.gateway.OpenImDecoder.WhatOpenImDoes;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * beforeSetGroupInfo and beforeSetGroupInfoEx, whose replies OpenIM copies field by field whether the reply has
 * them or not (spec 3.6, 9.4): a business server that changes one field leaves every other one as it was. (One
 * that is down: {@link GatewayOwnSettingsTest}.)
 */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class GatewayGroupInfoTest {

    /** As OpenIM sends them: plain strings and numbers for beforeSetGroupInfo, wrappers (null: unchanged) for Ex. */
    static final String SET_GROUP_INFO = """
            {"callbackCommand":"callbackBeforeSetGroupInfoCommand","operationID":"","groupID":"g1","groupName":"Team",
             "notification":"","introduction":"Our team","faceURL":"https://cdn.example/g1.png","ex":"{}",
             "needVerification":1,"lookMemberInfo":0,"applyMemberFriend":0}""";
    static final String SET_GROUP_INFO_EX = """
            {"callbackCommand":"callbackBeforeSetGroupInfoExCommand","operationID":"","groupID":"g1","groupName":"Team",
             "notification":null,"introduction":"Our team","faceURL":null,"ex":"{}","needVerification":1,
             "lookMemberInfo":null,"applyMemberFriend":null}""";

    private final BusinessServer server = BusinessServer.instance();
    private final OpenImClient openIm = new OpenImClient("/openim");

    @AfterEach
    void release() {
        server.release();
    }

    static String request(String key) {
        return key.endsWith("Ex") ? SET_GROUP_INFO_EX : SET_GROUP_INFO;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "beforeSetGroupInfo, callbackBeforeSetGroupInfoCommand",
            "beforeSetGroupInfoEx, callbackBeforeSetGroupInfoExCommand" })
    void aBusinessServerThatChangesOneFieldChangesOnlyThatOne(String key, String command) {
        String opId = BusinessServer.operationId("gw-group-info");
        // the reply a business server naturally writes: the change, nothing echoed
        String reply = "{\"actionCode\":0,\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"nextCode\":0,"
                + "\"groupName\":\"[Team] Team\"}";
        server.answer(opId, reply);

        WhatOpenImDoes openImDoes = openImReads(key, request(key), openIm.post(command, opId, request(key)));

        assertThat(openImDoes.proceeds()).isTrue();
        assertThat(openImDoes.action()).isEqualTo(json(request(key)).put("groupName", "[Team] Team"));
        // the same reply straight to OpenIM would blank or cancel the rest (the bug the gateway removes)
        WhatOpenImDoes direct = OpenImDecoder.decode(key, json(request(key)), reply);
        assertThat(direct.action().get("introduction")).isNotEqualTo(json(request(key)).get("introduction"));
    }
}
