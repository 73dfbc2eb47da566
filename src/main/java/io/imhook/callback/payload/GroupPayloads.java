package io.imhook.callback.payload;

import java.util.List;

/** Payloads of the group callbacks (spec 3.6). */
public interface GroupPayloads {

    /** One initial member of a new group. */
    record InitMember(String userID, int roleLevel) {
    }

    /** before/afterCreateGroup: the group info flattened; afterCreateGroup leaves out {@code operationID}. */
    record CreateGroupReq(
            String operationID,
            String callbackCommand,
            String groupID,
            String groupName,
            String notification,
            String introduction,
            String faceURL,
            String ownerUserID,
            long createTime,
            long memberCount,
            String ex,
            int status,
            String creatorUserID,
            int groupType,
            int needVerification,
            int lookMemberInfo,
            int applyMemberFriend,
            long notificationUpdateTime,
            String notificationUserID,
            List<InitMember> initMemberList) {
    }

    /** The reply of beforeCreateGroup. */
    record CreateGroupReply(
            String groupID,
            String groupName,
            String notification,
            String introduction,
            String faceURL,
            String ownerUserID,
            String ex,
            Integer status,
            String creatorUserID,
            Integer groupType,
            Integer needVerification,
            Integer lookMemberInfo,
            Integer applyMemberFriend) {
    }

    /** One user joining a group. */
    record JoiningMember(String userID, String ex) {
    }

    /** beforeMemberJoinGroup. */
    record MemberJoinReq(String callbackCommand, String groupID, List<JoiningMember> memberList, String groupEx) {
    }

    /** A change to one joining member, as the beforeMemberJoinGroup reply lists it. */
    record MemberChange(
            String userID,
            String nickname,
            String faceURL,
            Integer roleLevel,
            Long muteEndTime,
            String ex) {
    }

    /** The reply of beforeMemberJoinGroup. */
    record MemberJoinReply(List<MemberChange> memberCallbackList) {
    }

    /** before/afterSetGroupMemberInfo; null fields are not being set. */
    record GroupMemberInfoReq(
            String callbackCommand,
            String groupID,
            String userID,
            String nickName,
            String faceURL,
            Integer roleLevel,
            String ex) {
    }

    /** The reply of beforeSetGroupMemberInfo. */
    record GroupMemberInfoReply(String ex, String nickName, String faceURL, Integer roleLevel) {
    }

    /** afterQuitGroup. */
    record QuitGroupReq(String callbackCommand, String groupID, String userID) {
    }

    /** afterKickGroupMember. */
    record KickGroupMemberReq(String callbackCommand, String groupID, List<String> kickedUserIDs, String reason) {
    }

    /** afterDismissGroup; {@code groupType} is a one-character string (Go {@code string(int32)}). */
    record DismissGroupReq(
            String callbackCommand,
            String groupID,
            String ownerID,
            String groupType,
            List<String> membersID) {
    }

    /** beforeApplyJoinGroup; {@code groupType} as in afterDismissGroup. */
    record ApplyJoinGroupReq(
            String callbackCommand,
            String groupID,
            String groupType,
            String applyID,
            String reqMessage,
            String ex) {
    }

    /** afterJoinGroup. */
    record JoinGroupReq(
            String callbackCommand,
            String operationID,
            String groupID,
            String reqMessage,
            int joinSource,
            String inviterUserID) {
    }

    /** beforeInviteUserToGroup. */
    record InviteUserToGroupReq(
            String callbackCommand,
            String operationID,
            String groupID,
            String reason,
            List<String> invitedUserIDs) {
    }

    /** The reply of beforeInviteUserToGroup; accepted, never applied. */
    record InviteUserToGroupReply(List<String> refusedMembersAccount) {
    }

    /** afterTransferGroupOwner. */
    record TransferGroupOwnerReq(String callbackCommand, String groupID, String oldOwnerUserID, String newOwnerUserID) {
    }

    /** before/afterSetGroupInfo and before/afterSetGroupInfoEx; null fields are not being changed. */
    record GroupInfoReq(
            String callbackCommand,
            String operationID,
            String groupID,
            String groupName,
            String notification,
            String introduction,
            String faceURL,
            String ex,
            Integer needVerification,
            Integer lookMemberInfo,
            Integer applyMemberFriend) {
    }

    /** The reply of beforeSetGroupInfo and beforeSetGroupInfoEx. */
    record GroupInfoReply(
            String groupID,
            String groupName,
            String notification,
            String introduction,
            String faceURL,
            String ex,
            Integer needVerification,
            Integer lookMemberInfo,
            Integer applyMemberFriend) {
    }
}
