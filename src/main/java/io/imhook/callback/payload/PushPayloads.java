package io.imhook.callback.payload;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Payloads of the push and online-status callbacks (spec 3.3, 3.4). */
public interface PushPayloads {

    /** A message's offline push info, as beforeOfflinePush and beforeMsgModify replies carry it. */
    record OfflinePushInfo(
            String title,
            String desc,
            String ex,
            String iOSPushSound,
            Boolean iOSBadgeCount,
            String signalInfo) {
    }

    /**
     * beforeOnlinePush and beforeOfflinePush. The offline push info is flattened into the body only when the
     * message has one (Go's embedded pointer): all six fields, or none. beforeOnlinePush never sends them.
     */
    record PushReq(
            String callbackCommand,
            String operationID,
            int platformID,
            String platform,
            List<String> userIDList,
            @JsonInclude(JsonInclude.Include.NON_NULL) String title,
            @JsonInclude(JsonInclude.Include.NON_NULL) String desc,
            @JsonInclude(JsonInclude.Include.NON_NULL) String ex,
            @JsonInclude(JsonInclude.Include.NON_NULL) String iOSPushSound,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean iOSBadgeCount,
            @JsonInclude(JsonInclude.Include.NON_NULL) String signalInfo,
            String clientMsgID,
            String sendID,
            String groupID,
            int contentType,
            int sessionType,
            List<String> atUserIDList,
            String content) {

        public PushReq {
            boolean hasPushInfo = title != null || desc != null || ex != null || iOSPushSound != null
                    || iOSBadgeCount != null || signalInfo != null;
            if (hasPushInfo) {
                title = title == null ? "" : title;
                desc = desc == null ? "" : desc;
                ex = ex == null ? "" : ex;
                iOSPushSound = iOSPushSound == null ? "" : iOSPushSound;
                iOSBadgeCount = iOSBadgeCount != null && iOSBadgeCount;
                signalInfo = signalInfo == null ? "" : signalInfo;
            }
        }
    }

    /** beforeGroupOnlinePush. */
    record GroupPushReq(
            String callbackCommand,
            String operationID,
            int platformID,
            String platform,
            String clientMsgID,
            String sendID,
            String groupID,
            int contentType,
            int sessionType,
            List<String> atUserIDList,
            String content,
            long seq) {
    }

    /** The reply of the three push callbacks. */
    record PushReply(List<String> userIDList, OfflinePushInfo offlinePushInfo) {
    }

    /** afterUserOnline; afterUserOffline leaves out {@code isAppBackground}, afterUserKickOff also {@code connID}. */
    record UserStatusReq(
            String callbackCommand,
            String operationID,
            int platformID,
            String platform,
            String userID,
            long seq,
            boolean isAppBackground,
            String connID) {
    }
}
