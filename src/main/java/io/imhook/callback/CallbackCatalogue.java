package io.imhook.callback;

import static io.imhook.callback.AppliedField.flattenedPushInfo;
import static io.imhook.callback.AppliedField.jsonObjectContent;
import static io.imhook.callback.AppliedField.memberChanges;
import static io.imhook.callback.AppliedField.onlyWhereSet;
import static io.imhook.callback.AppliedField.replace;
import static io.imhook.callback.AppliedField.replaceIfNotEmpty;
import static io.imhook.callback.CallbackType.after;
import static io.imhook.callback.CallbackType.before;
import static io.imhook.callback.MessageFilter.MESSAGE;
import static io.imhook.callback.MessageFilter.MESSAGE_WITH_ATTENTION;
import static io.imhook.callback.MessageFilter.TYPING;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.imhook.callback.payload.ConversationPayloads.ConversationReply;
import io.imhook.callback.payload.ConversationPayloads.ConversationReq;
import io.imhook.callback.payload.GroupPayloads.ApplyJoinGroupReq;
import io.imhook.callback.payload.GroupPayloads.CreateGroupReply;
import io.imhook.callback.payload.GroupPayloads.CreateGroupReq;
import io.imhook.callback.payload.GroupPayloads.DismissGroupReq;
import io.imhook.callback.payload.GroupPayloads.GroupInfoReply;
import io.imhook.callback.payload.GroupPayloads.GroupInfoReq;
import io.imhook.callback.payload.GroupPayloads.GroupMemberInfoReply;
import io.imhook.callback.payload.GroupPayloads.GroupMemberInfoReq;
import io.imhook.callback.payload.GroupPayloads.InviteUserToGroupReply;
import io.imhook.callback.payload.GroupPayloads.InviteUserToGroupReq;
import io.imhook.callback.payload.GroupPayloads.JoinGroupReq;
import io.imhook.callback.payload.GroupPayloads.KickGroupMemberReq;
import io.imhook.callback.payload.GroupPayloads.MemberJoinReply;
import io.imhook.callback.payload.GroupPayloads.MemberJoinReq;
import io.imhook.callback.payload.GroupPayloads.QuitGroupReq;
import io.imhook.callback.payload.GroupPayloads.TransferGroupOwnerReq;
import io.imhook.callback.payload.MessagePayloads.GroupMsgReadReq;
import io.imhook.callback.payload.MessagePayloads.MessageReq;
import io.imhook.callback.payload.MessagePayloads.MsgModifyReply;
import io.imhook.callback.payload.MessagePayloads.MsgRevokeReq;
import io.imhook.callback.payload.MessagePayloads.SingleMsgReadReq;
import io.imhook.callback.payload.PushPayloads.GroupPushReq;
import io.imhook.callback.payload.PushPayloads.PushReply;
import io.imhook.callback.payload.PushPayloads.PushReq;
import io.imhook.callback.payload.PushPayloads.UserStatusReq;
import io.imhook.callback.payload.UserPayloads.BlackReq;
import io.imhook.callback.payload.UserPayloads.FriendAgreeReq;
import io.imhook.callback.payload.UserPayloads.FriendRemarkReply;
import io.imhook.callback.payload.UserPayloads.FriendRemarkReq;
import io.imhook.callback.payload.UserPayloads.FriendRequestReq;
import io.imhook.callback.payload.UserPayloads.ImportFriendsReply;
import io.imhook.callback.payload.UserPayloads.ImportFriendsReq;
import io.imhook.callback.payload.UserPayloads.UserInfoReply;
import io.imhook.callback.payload.UserPayloads.UserInfoReq;
import io.imhook.callback.payload.UserPayloads.UserRegisterReply;
import io.imhook.callback.payload.UserPayloads.UserRegisterReq;

/**
 * The 53 callbacks of OpenIM's {@code webhooks.yml} (spec 3), in the order of OpenIM's shipped file, plus the
 * command DECISIONS.md gives afterGroupMsgRevoke. The dispatcher and the receiver both read this one table.
 */
public final class CallbackCatalogue {

    private static final String[] PUSH_INFO = { "title", "desc", "ex", "iOSPushSound", "iOSBadgeCount", "signalInfo" };

    private static final List<CallbackType> ALL = List.of(
            before("beforeSendSingleMsg", "callbackBeforeSendSingleMsgCommand", MessageReq.class)
                    .omitting("groupID").filter(MESSAGE).build(),
            before("beforeUpdateUserInfoEx", "callbackBeforeUpdateUserInfoExCommand", UserInfoReq.class)
                    .reply(UserInfoReply.class, onlyWhereSet("nickName"), onlyWhereSet("faceURL"), onlyWhereSet("ex"))
                    .build(),
            after("afterUpdateUserInfoEx", "callbackAfterUpdateUserInfoExCommand", UserInfoReq.class).build(),
            after("afterSendSingleMsg", "callbackAfterSendSingleMsgCommand", MessageReq.class)
                    .omitting("groupID").filter(MESSAGE_WITH_ATTENTION).routeKey().build(),
            before("beforeSendGroupMsg", "callbackBeforeSendGroupMsgCommand", MessageReq.class)
                    .omitting("recvID").filter(MESSAGE).build(),
            before("beforeMsgModify", "callbackBeforeMsgModifyCommand", MessageReq.class)
                    .omitting("recvID", "groupID").filter(MESSAGE)
                    .reply(MsgModifyReply.class, jsonObjectContent(), replace("recvID"), replace("groupID"),
                            replace("clientMsgID"), replace("serverMsgID"), replace("senderPlatformID"),
                            replace("senderNickname"), replace("senderFaceURL", "faceURL"), replace("sessionType"),
                            replace("msgFrom"), replace("contentType"), replace("status"), replace("options"),
                            replace("offlinePushInfo"), replace("atUserIDList", "atUserList"),
                            replace("attachedInfo"), replace("ex"))
                    .build(),
            after("afterSendGroupMsg", "callbackAfterSendGroupMsgCommand", MessageReq.class)
                    .omitting("recvID").filter(MESSAGE_WITH_ATTENTION).routeKey().build(),
            after("afterMsgSaveDB", "callbackAfterMsgSaveDBCommand", MessageReq.class)
                    .filter(MESSAGE_WITH_ATTENTION).routeKey().build(),
            after("afterUserOnline", "callbackAfterUserOnlineCommand", UserStatusReq.class).build(),
            after("afterUserOffline", "callbackAfterUserOfflineCommand", UserStatusReq.class)
                    .omitting("isAppBackground").build(),
            after("afterUserKickOff", "callbackAfterUserKickOffCommand", UserStatusReq.class)
                    .omitting("isAppBackground", "connID").build(),
            before("beforeOfflinePush", "callbackBeforeOfflinePushCommand", PushReq.class).filter(TYPING)
                    .reply(PushReply.class, replaceIfNotEmpty("userIDList"), flattenedPushInfo()).build(),
            before("beforeOnlinePush", "callbackBeforeOnlinePushCommand", PushReq.class).filter(TYPING)
                    .omitting(PUSH_INFO).reply(PushReply.class).build(),
            before("beforeGroupOnlinePush", "callbackBeforeGroupOnlinePushCommand", GroupPushReq.class)
                    .filter(TYPING).reply(PushReply.class, replaceIfNotEmpty("userIDList")).build(),
            before("beforeAddFriend", "callbackBeforeAddFriendCommand", FriendRequestReq.class).build(),
            before("beforeUpdateUserInfo", "callbackBeforeUpdateUserInfoCommand", UserInfoReq.class)
                    .reply(UserInfoReply.class, replace("nickName"), replace("faceURL"), replace("ex")).build(),
            after("afterUpdateUserInfo", "callbackAfterUpdateUserInfoCommand", UserInfoReq.class).build(),
            before("beforeCreateGroup", "callbackBeforeCreateGroupCommand", CreateGroupReq.class)
                    .reply(CreateGroupReply.class, replace("groupID"), replace("groupName"), replace("notification"),
                            replace("introduction"), replace("faceURL"), replace("ownerUserID"), replace("ex"),
                            replace("status"), replace("creatorUserID"), replace("groupType"),
                            replace("needVerification"), replace("lookMemberInfo"))
                    .build(),
            after("afterCreateGroup", "callbackAfterCreateGroupCommand", CreateGroupReq.class)
                    .omitting("operationID").build(),
            before("beforeMemberJoinGroup", "callbackBeforeMembersJoinGroupCommand", MemberJoinReq.class)
                    .reply(MemberJoinReply.class, memberChanges()).build(),
            before("beforeSetGroupMemberInfo", "callbackBeforeSetGroupMemberInfoCommand", GroupMemberInfoReq.class)
                    .reply(GroupMemberInfoReply.class, replace("ex"), replace("nickName"), replace("faceURL"),
                            replace("roleLevel"))
                    .build(),
            after("afterSetGroupMemberInfo", "callbackAfterSetGroupMemberInfoCommand", GroupMemberInfoReq.class)
                    .build(),
            after("afterQuitGroup", "callbackAfterQuitGroupCommand", QuitGroupReq.class).build(),
            after("afterKickGroupMember", "callbackAfterKickGroupCommand", KickGroupMemberReq.class).build(),
            after("afterDismissGroup", "callbackAfterDisMissGroupCommand", DismissGroupReq.class).build(),
            before("beforeApplyJoinGroup", "callbackBeforeJoinGroupCommand", ApplyJoinGroupReq.class).build(),
            after("afterGroupMsgRead", "callbackAfterGroupMsgReadCommand", GroupMsgReadReq.class).build(),
            after("afterSingleMsgRead", "callbackAfterSingleMsgReadCommand", SingleMsgReadReq.class).build(),
            before("beforeUserRegister", "callbackBeforeUserRegisterCommand", UserRegisterReq.class)
                    .reply(UserRegisterReply.class, replaceIfNotEmpty("users")).build(),
            after("afterUserRegister", "callbackAfterUserRegisterCommand", UserRegisterReq.class).build(),
            after("afterTransferGroupOwner", "callbackAfterTransferGroupOwnerCommand", TransferGroupOwnerReq.class)
                    .build(),
            before("beforeSetFriendRemark", "callbackBeforeSetFriendRemarkCommand", FriendRemarkReq.class)
                    .reply(FriendRemarkReply.class, replaceIfNotEmpty("remark")).build(),
            after("afterSetFriendRemark", "callbackAfterSetFriendRemarkCommand", FriendRemarkReq.class).build(),
            after("afterGroupMsgRevoke", "callbackAfterGroupMsgRevokeCommand", MsgRevokeReq.class).build(),
            after("afterJoinGroup", "callbackAfterJoinGroupCommand", JoinGroupReq.class).build(),
            before("beforeInviteUserToGroup", "callbackBeforeInviteJoinGroupCommand", InviteUserToGroupReq.class)
                    .reply(InviteUserToGroupReply.class).build(),
            after("afterSetGroupInfo", "callbackAfterSetGroupInfoCommand", GroupInfoReq.class).build(),
            before("beforeSetGroupInfo", "callbackBeforeSetGroupInfoCommand", GroupInfoReq.class)
                    .reply(GroupInfoReply.class, replace("ex"), replace("needVerification"), replace("lookMemberInfo"),
                            replace("applyMemberFriend"), replace("groupID"), replace("groupName"),
                            replace("faceURL"), replace("introduction"))
                    .build(),
            after("afterSetGroupInfoEx", "callbackAfterSetGroupInfoExCommand", GroupInfoReq.class).build(),
            before("beforeSetGroupInfoEx", "callbackBeforeSetGroupInfoExCommand", GroupInfoReq.class)
                    .reply(GroupInfoReply.class, replace("groupID"), replace("groupName"), replace("faceURL"),
                            replace("introduction"), replace("ex"), replace("needVerification"),
                            replace("lookMemberInfo"), replace("applyMemberFriend"))
                    .build(),
            after("afterRevokeMsg", "callbackBeforeAfterMsgCommand", MsgRevokeReq.class).build(),
            before("beforeAddBlack", "callbackBeforeAddBlackCommand", BlackReq.class)
                    .failedContinueDefault(false).build(),
            after("afterAddFriend", "callbackAfterAddFriendCommand", FriendRequestReq.class).omitting("ex").build(),
            before("beforeAddFriendAgree", "callbackBeforeAddFriendAgreeCommand", FriendAgreeReq.class).build(),
            after("afterAddFriendAgree", "callbackAfterAddFriendAgreeCommand", FriendAgreeReq.class).build(),
            after("afterDeleteFriend", "callbackAfterDeleteFriendCommand", FriendRemarkReq.class)
                    .omitting("remark").build(),
            before("beforeImportFriends", "callbackBeforeImportFriendsCommand", ImportFriendsReq.class)
                    .reply(ImportFriendsReply.class, replaceIfNotEmpty("friendUserIDs")).build(),
            after("afterImportFriends", "callbackAfterImportFriendsCommand", ImportFriendsReq.class).build(),
            after("afterRemoveBlack", "callbackAfterRemoveBlackCommand", BlackReq.class).build(),
            before("beforeCreateSingleChatConversations", "callbackBeforeCreateSingleChatConversationsCommand",
                    ConversationReq.class).omitting("groupId").failedContinueDefault(false)
                    .reply(ConversationReply.class, conversationFields()).build(),
            after("afterCreateSingleChatConversations", "callbackAfterCreateSingleChatConversationsCommand",
                    ConversationReq.class).omitting("groupId").build(),
            before("beforeCreateGroupChatConversations", "callbackBeforeCreateGroupChatConversationsCommand",
                    ConversationReq.class).omitting("userId").failedContinueDefault(false)
                    .reply(ConversationReply.class, conversationFields()).build(),
            after("afterCreateGroupChatConversations", "callbackAfterCreateGroupChatConversationsCommand",
                    ConversationReq.class).omitting("userId").build());

    private static final Map<String, CallbackType> BY_KEY = index(CallbackType::key);
    private static final Map<String, CallbackType> BY_COMMAND = index(CallbackType::command);

    private CallbackCatalogue() {
    }

    private static AppliedField[] conversationFields() {
        return new AppliedField[] { replace("recvMsgOpt"), replace("isPinned"), replace("isPrivateChat"),
                replace("burnDuration"), replace("groupAtType"), replace("attachedInfo"), replace("ex") };
    }

    private static Map<String, CallbackType> index(Function<CallbackType, String> by) {
        return ALL.stream().collect(Collectors.toMap(by, Function.identity(), (a, b) -> {
            throw new IllegalStateException("duplicate " + by.apply(a));
        }, LinkedHashMap::new));
    }

    /** All 53 callbacks, in the order of OpenIM's shipped {@code webhooks.yml}. */
    public static List<CallbackType> all() {
        return ALL;
    }

    public static Optional<CallbackType> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    public static Optional<CallbackType> byCommand(String command) {
        return Optional.ofNullable(BY_COMMAND.get(command));
    }

    /** The keys, for error messages and listings. */
    public static List<String> keys() {
        return List.copyOf(BY_KEY.keySet());
    }
}
