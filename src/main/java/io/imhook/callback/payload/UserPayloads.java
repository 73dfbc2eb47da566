package io.imhook.callback.payload;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Payloads of the user and relationship callbacks (spec 3.5). */
public interface UserPayloads {

    /** before/afterUpdateUserInfo and before/afterUpdateUserInfoEx; note {@code nickName}. */
    record UserInfoReq(String callbackCommand, String userID, String nickName, String faceURL, String ex) {
    }

    /** The reply of beforeUpdateUserInfo and beforeUpdateUserInfoEx. */
    record UserInfoReply(String nickName, String faceURL, String ex) {
    }

    /** One user of a registration; note {@code nickname} here, and OpenIM's spelling {@code appMangerLevel}. */
    record RegisteredUser(
            String userID,
            String nickname,
            String faceURL,
            String ex,
            long createTime,
            int appMangerLevel,
            int globalRecvMsgOpt) {
    }

    /** before/afterUserRegister. */
    record UserRegisterReq(String callbackCommand, List<RegisteredUser> users) {
    }

    /** The reply of beforeUserRegister. */
    record UserRegisterReply(List<RegisteredUser> users) {
    }

    /** beforeAddFriend; afterAddFriend leaves out {@code ex}. */
    record FriendRequestReq(String callbackCommand, String fromUserID, String toUserID, String reqMsg, String ex) {
    }

    /** before/afterAddFriendAgree; {@code blackUserID} is the user who agrees (an OpenIM tag bug). */
    record FriendAgreeReq(
            String callbackCommand,
            String fromUserID,
            String blackUserID,
            @JsonProperty("HandleResult") int handleResult,
            @JsonProperty("HandleMsg") String handleMsg) {
    }

    /** before/afterSetFriendRemark; afterDeleteFriend leaves out {@code remark}. */
    record FriendRemarkReq(String callbackCommand, String ownerUserID, String friendUserID, String remark) {
    }

    /** The reply of beforeSetFriendRemark. */
    record FriendRemarkReply(String remark) {
    }

    /** before/afterImportFriends. */
    record ImportFriendsReq(String callbackCommand, String ownerUserID, List<String> friendUserIDs) {
    }

    /** The reply of beforeImportFriends. */
    record ImportFriendsReply(List<String> friendUserIDs) {
    }

    /** beforeAddBlack and afterRemoveBlack. */
    record BlackReq(String callbackCommand, String ownerUserID, String blackUserID) {
    }
}
