package io.imhook.nativeimage;

import io.imhook.callback.payload.CommonReply;
import io.imhook.callback.payload.ConversationPayloads;
import io.imhook.callback.payload.GroupPayloads;
import io.imhook.callback.payload.MessagePayloads;
import io.imhook.callback.payload.PushPayloads;
import io.imhook.callback.payload.UserPayloads;
import io.imhook.dispatch.Decision;
import io.imhook.dispatch.DispatchResource;
import io.imhook.dispatch.Outcome;
import io.imhook.dispatch.Reason;
import io.imhook.error.ErrorBody;
import io.imhook.gateway.BadInputReply;
import io.imhook.receiver.ReceivedCallback;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types Jackson reads or writes by reflection, registered for the native image.
 * <p>
 * Quarkus REST registers the declared types of its own endpoints, but the payload records are bound by
 * {@link io.imhook.callback.PayloadCodec}'s own {@code ObjectMapper}, looked up at run time from the catalogue, and
 * written inside a {@code Record}-typed field of {@link ReceivedCallback}; native analysis sees none of that, and
 * an unregistered record reads as an empty object. {@code JsonReflectionTest} fails when a record reachable from
 * the catalogue is missing here.
 */
@RegisterForReflection(targets = {
        // every request and reply record of the 53 callbacks, and the records nested in them
        CommonReply.class,
        ConversationPayloads.ConversationReq.class,
        ConversationPayloads.ConversationReply.class,
        GroupPayloads.InitMember.class,
        GroupPayloads.CreateGroupReq.class,
        GroupPayloads.CreateGroupReply.class,
        GroupPayloads.JoiningMember.class,
        GroupPayloads.MemberJoinReq.class,
        GroupPayloads.MemberChange.class,
        GroupPayloads.MemberJoinReply.class,
        GroupPayloads.GroupMemberInfoReq.class,
        GroupPayloads.GroupMemberInfoReply.class,
        GroupPayloads.QuitGroupReq.class,
        GroupPayloads.KickGroupMemberReq.class,
        GroupPayloads.DismissGroupReq.class,
        GroupPayloads.ApplyJoinGroupReq.class,
        GroupPayloads.JoinGroupReq.class,
        GroupPayloads.InviteUserToGroupReq.class,
        GroupPayloads.InviteUserToGroupReply.class,
        GroupPayloads.TransferGroupOwnerReq.class,
        GroupPayloads.GroupInfoReq.class,
        GroupPayloads.GroupInfoReply.class,
        MessagePayloads.MessageReq.class,
        MessagePayloads.MsgModifyReply.class,
        MessagePayloads.SingleMsgReadReq.class,
        MessagePayloads.GroupMsgReadReq.class,
        MessagePayloads.MsgRevokeReq.class,
        PushPayloads.OfflinePushInfo.class,
        PushPayloads.PushReq.class,
        PushPayloads.GroupPushReq.class,
        PushPayloads.PushReply.class,
        PushPayloads.UserStatusReq.class,
        UserPayloads.UserInfoReq.class,
        UserPayloads.UserInfoReply.class,
        UserPayloads.RegisteredUser.class,
        UserPayloads.UserRegisterReq.class,
        UserPayloads.UserRegisterReply.class,
        UserPayloads.FriendRequestReq.class,
        UserPayloads.FriendAgreeReq.class,
        UserPayloads.FriendRemarkReq.class,
        UserPayloads.FriendRemarkReply.class,
        UserPayloads.ImportFriendsReq.class,
        UserPayloads.ImportFriendsReply.class,
        UserPayloads.BlackReq.class,
        // answers written by Quarkus REST behind Uni/RestResponse/List wrappers, or from exception mappers;
        // the enums name their wire form with @JsonValue methods
        Decision.class,
        Outcome.class,
        Reason.class,
        DispatchResource.CallbackView.class,
        DispatchResource.SettingsView.class,
        // GET /admin/circuit-breakers: a Map of these
        io.smallrye.faulttolerance.api.CircuitBreakerState.class,
        ReceivedCallback.class,
        io.imhook.receiver.Verdict.class,
        ErrorBody.class,
        BadInputReply.class })
public final class JsonReflection {

    private JsonReflection() {
    }
}
