package io.imhook.callback.payload;

/** Payloads of the conversation callbacks (spec 3.7); note the lower-case {@code d} in the ids. */
public interface ConversationPayloads {

    /** The single-chat callbacks send {@code userId}, the group-chat ones {@code groupId} in its place. */
    record ConversationReq(
            String callbackCommand,
            String ownerUserId,
            String conversationId,
            int conversationType,
            String userId,
            String groupId,
            int recvMsgOpt,
            boolean isPinned,
            boolean isPrivateChat,
            int burnDuration,
            int groupAtType,
            String attachedInfo,
            String ex) {
    }

    /** The reply of the two conversation before-callbacks. */
    record ConversationReply(
            Integer recvMsgOpt,
            Boolean isPinned,
            Boolean isPrivateChat,
            Integer burnDuration,
            Integer groupAtType,
            String attachedInfo,
            String ex) {
    }
}
