package io.imhook.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the command of OpenIM's older url forms from a query. */
class GatewayRoutingTest {

    @Test
    void theCommandOfEitherOlderFormIsRead() {
        assertThat(GatewayRouting.commandInQuery("command=callbackBeforeAddBlackCommand"))
                .isEqualTo("callbackBeforeAddBlackCommand");
        assertThat(GatewayRouting.commandInQuery("callbackCommand=callbackBeforeAddBlackCommand"))
                .isEqualTo("callbackBeforeAddBlackCommand");
        assertThat(GatewayRouting.commandInQuery("key=abc%3D&command=callbackAfterSendSingleMsgCommand"))
                .isEqualTo("callbackAfterSendSingleMsgCommand");
    }

    @Test
    void aQueryWithoutACommandNamesNone() {
        assertThat(GatewayRouting.commandInQuery("key=Y29tbWFuZD0%3D")).isNull();
        assertThat(GatewayRouting.commandInQuery("commands=x&xcommand=y")).isNull();
    }

    @Test
    void anEmptyOddOrSecondCommandIsRefused() {
        assertThat(GatewayRouting.commandInQuery("command=")).isEmpty();
        assertThat(GatewayRouting.commandInQuery("command")).isEmpty();
        assertThat(GatewayRouting.commandInQuery("command=a&callbackCommand=a")).isEmpty();
        assertThat(GatewayRouting.commandInQuery("command=a%2Fb")).isEmpty();
        assertThat(GatewayRouting.commandInQuery("command=" + "a".repeat(101))).isEmpty();
    }
}
