package io.imhook.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Settings unlike the defaults, so that a test passes only when the setting is read: the gateway under a token,
 * keys at a business server that is down, keys that are disabled, and every reference rule of the receiver
 * changed. One profile for all of them, because every profile is one more build of the app before the first
 * test; each test uses keys or settings that no other test of the profile depends on.
 * <p>
 * The tests that use it also carry {@link BusinessServerResource} and {@link OwnUrl}.
 */
public class OwnSettings implements QuarkusTestProfile {

    /** The gateway's path token: 16 characters or more, of every kind the documented set allows. */
    public static final String GATEWAY_TOKEN = "s3cr3t-Token_1-gw7Q";
    /** The receiver's base path. */
    public static final String RECEIVER_BASE = "/hooks/openim";
    /** A url nothing listens on (port 1, tcpmux, is closed on these machines): connection refused. */
    public static final String DOWN = "http://127.0.0.1:1/down";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("imhook.gateway.token", GATEWAY_TOKEN);
        for (String key : new String[] { "beforeSetGroupInfo", "beforeSetGroupInfoEx", "beforeAddFriend",
                "beforeAddBlack" }) {
            config.put("webhooks." + key + ".url", DOWN);
        }
        for (String key : new String[] { "beforeSetFriendRemark", "beforeCreateSingleChatConversations",
                "afterQuitGroup" }) {
            config.put("webhooks." + key + ".enable", "false");
        }
        config.put("imhook.receiver.base-path", RECEIVER_BASE + "/");
        config.put("imhook.receiver.words", "melon,Durian, ");
        config.put("imhook.receiver.message-deny-code", "7001");
        config.put("imhook.receiver.nickname-deny-code", "7002");
        config.put("imhook.receiver.blocked-users", "eve,mallory");
        config.put("imhook.receiver.friend-deny-code", "20777");
        config.put("imhook.receiver.events-capacity", "3");
        return config;
    }

    /** beforeImportFriends at its own path of the live business server, known once that server runs. */
    public static class OwnUrl implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("webhooks.beforeImportFriends.url",
                    BusinessServer.instance().url().replace(BusinessServer.BASE_PATH, "/own"));
        }

        @Override
        public void stop() {
            // BusinessServerResource stops the server
        }
    }
}
