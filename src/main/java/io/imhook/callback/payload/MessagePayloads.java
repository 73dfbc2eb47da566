package io.imhook.callback.payload;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Payloads of the message callbacks (spec 2.4 family M and 3.2). */
public interface MessagePayloads {

    /**
     * Family M, in the field order OpenIM sends. Each message callback carries {@code recvID}, {@code groupID} or
     * both; the catalogue leaves out the one a callback does not send.
     */
    record MessageReq(
            String sendID,
            String callbackCommand,
            String serverMsgID,
            String clientMsgID,
            String operationID,
            int senderPlatformID,
            String senderNickname,
            int sessionType,
            int msgFrom,
            int contentType,
            int status,
            long sendTime,
            long createTime,
            String content,
            long seq,
            List<String> atUserList,
            String faceURL,
            String ex,
            String recvID,
            String groupID) {
    }

    /** beforeMsgModify: every field optional; note {@code senderFaceURL} and {@code atUserIDList}. */
    record MsgModifyReply(
            String content,
            String recvID,
            String groupID,
            String clientMsgID,
            String serverMsgID,
            Integer senderPlatformID,
            String senderNickname,
            String senderFaceURL,
            Integer sessionType,
            Integer msgFrom,
            Integer contentType,
            Integer status,
            Map<String, Boolean> options,
            PushPayloads.OfflinePushInfo offlinePushInfo,
            List<String> atUserIDList,
            String attachedInfo,
            String ex,
            String msgDataList) {
    }

    /** afterSingleMsgRead; {@code Seqs} has a capital S on the wire. */
    record SingleMsgReadReq(
            String callbackCommand,
            String conversationID,
            String userID,
            @JsonProperty("Seqs") List<Long> seqs,
            int contentType) {
    }

    /** afterGroupMsgRead. */
    record GroupMsgReadReq(
            String callbackCommand,
            String sendID,
            String receiveID,
            long unreadMsgNum,
            long contentType) {
    }

    /** afterRevokeMsg and afterGroupMsgRevoke. */
    record MsgRevokeReq(String callbackCommand, String conversationID, long seq, String userID) {
    }
}
