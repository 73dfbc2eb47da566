package io.imhook.openapi;

/**
 * The request and answer examples of the OpenAPI document ({@code /q/openapi}, Swagger UI at
 * {@code /q/swagger-ui}): the README's own calls, kept apart so the resources stay readable. {@code ApiExamplesTest}
 * checks that each is JSON, {@code OpenApiTest} that the answers have the fields the service really answers with.
 */
public final class ApiExamples {

    /** The OpenAPI tag of the dispatcher. */
    public static final String DISPATCH_TAG = "Dispatch";
    /** The OpenAPI tag of the reference receiver. */
    public static final String RECEIVER_TAG = "Reference receiver";
    /** The OpenAPI tag of the OpenIM gateway. */
    public static final String GATEWAY_TAG = "OpenIM gateway";

    public static final String TEXT_MESSAGE = """
            {"sendID":"alice","recvID":"bob","sessionType":1,"contentType":101,"content":"{\\"content\\":\\"hello bob\\"}"}""";

    public static final String LISTED_WORD_MESSAGE = """
            {"sendID":"alice","recvID":"bob","sessionType":1,"contentType":101,"content":"{\\"content\\":\\"what a badword\\"}"}""";

    public static final String USER_ONLINE = """
            {"userID":"alice","platformID":1,"platform":"IOS","seq":1,"isAppBackground":false,"connID":"c1"}""";

    public static final String ALLOWED = """
            {"key":"beforeSendSingleMsg","operationID":"op-1","outcome":"allowed","proceed":true,"errCode":0,\
            "errMsg":"","errDlt":"","reason":null,"detail":null,"modified":{},"elapsedMs":3}""";

    public static final String DENIED = """
            {"key":"beforeSendSingleMsg","operationID":"op-2","outcome":"denied","proceed":false,"errCode":5001,\
            "errMsg":"message contains a forbidden word","errDlt":"forbidden word: badword","reason":null,\
            "detail":null,"modified":{},"elapsedMs":4}""";

    public static final String MODIFIED = """
            {"key":"beforeMsgModify","operationID":"op-3","outcome":"allowed","proceed":true,"errCode":0,\
            "errMsg":"","errDlt":"","reason":null,"detail":null,\
            "modified":{"content":"{\\"content\\":\\"buy cheap ***\\"}"},"elapsedMs":5}""";

    public static final String QUEUED = """
            {"key":"afterUserOnline","operationID":"op-4","outcome":"queued","proceed":true,"errCode":0,\
            "errMsg":"","errDlt":"","reason":null,"detail":null,"modified":{},"elapsedMs":0}""";

    public static final String UNKNOWN_CALLBACK = """
            {"error":"unknownCallback","message":"'beforeTeleport' is not a webhooks.yml callback key",\
            "valid":["beforeSendSingleMsg","beforeUpdateUserInfoEx","..."]}""";

    public static final String BAD_REQUEST = """
            {"error":"badRequest","message":"wrong type for field 'contentType': must be a whole number",\
            "field":"contentType"}""";

    public static final String QUEUE_FULL = """
            {"error":"queueFull","message":"the after-callback queue is full (10000 events); afterUserOnline was \
            not accepted, retry later"}""";

    public static final String CALLBACKS = """
            [{"key":"beforeSendSingleMsg","command":"callbackBeforeSendSingleMsgCommand","phase":"before",\
            "enabled":true,"timeoutSeconds":5,"failedContinue":true},\
            {"key":"afterSendSingleMsg","command":"callbackAfterSendSingleMsgCommand","phase":"after",\
            "enabled":false,"timeoutSeconds":5,"failedContinue":null}]""";

    public static final String SETTINGS = """
            {"file":"/etc/imhook/webhooks.yml","url":"http://127.0.0.1:10006",\
            "sha256":"9f2c0e5d4b1a7c3e8f6d2b0a9e7c5d3f1b8a6e4c2d0f9b7a5e3c1d8f6b4a2e0c",\
            "loadedAt":"2026-12-01T10:15:30.123Z","enabledCallbacks":3,"watched":true,"refusedSha256":null,\
            "refusedAt":null,"refusedError":null}""";

    public static final String ALLOW_ANSWER = """
            {"actionCode":0,"errCode":0,"errMsg":"","errDlt":"","nextCode":0}""";

    public static final String DENY_ANSWER = """
            {"actionCode":0,"errCode":5001,"errMsg":"message contains a forbidden word",\
            "errDlt":"forbidden word: badword","nextCode":1}""";

    public static final String MODIFY_ANSWER = """
            {"actionCode":0,"errCode":0,"errMsg":"","errDlt":"","nextCode":0,\
            "content":"{\\"content\\":\\"buy cheap ***\\"}"}""";

    public static final String UNAUTHORIZED = """
            {"error":"unauthorized","message":"this endpoint needs Authorization: Bearer <token>"}""";

    public static final String BAD_OPERATION_ID = """
            {"error":"badRequest","message":"the operationID header must be 1 to 128 visible ASCII characters",\
            "field":"operationID"}""";

    public static final String BODY_TOO_LARGE = """
            {"error":"bodyTooLarge","message":"the body may hold at most 1048576 bytes, not 5000000"}""";

    public static final String URI_TOO_LONG = """
            {"error":"uriTooLong","message":"the request target holds 5030 characters; at most 4096 are read"}""";

    public static final String UNSUPPORTED_MEDIA_TYPE = """
            {"error":"unsupportedMediaType","message":"the body must be JSON (Content-Type: application/json), not \
            text/plain"}""";

    public static final String HEADERS_TOO_LARGE = """
            {"error":"headersTooLarge","message":"the request headers hold 20583 bytes; at most 16384 are read"}""";

    public static final String BAD_LIMIT = """
            {"error":"badRequest","message":"limit must be a whole number of 1 or more, not 'ten'"}""";

    public static final String UNKNOWN_COMMAND = """
            {"error":"unknownCommand","message":"'callbackTeleportCommand' is not an OpenIM callbackCommand",\
            "valid":["callbackBeforeSendSingleMsgCommand","..."]}""";

    public static final String EVENTS = """
            [{"command":"callbackBeforeSendSingleMsgCommand","operationID":"op-2",\
            "receivedAt":"2025-01-01T12:00:00Z","body":{"sendID":"alice","recvID":"bob","contentType":101,\
            "content":"{\\"content\\":\\"what a badword\\"}"},"verdict":"deny",\
            "answer":{"actionCode":0,"errCode":5001,"errMsg":"message contains a forbidden word",\
            "errDlt":"forbidden word: badword","nextCode":1}}]""";

    public static final String STATS = """
            {"callbackBeforeMsgModifyCommand":{"modify":1},\
            "callbackBeforeSendSingleMsgCommand":{"allow":1,"deny":1}}""";

    /** beforeSetGroupInfo as OpenIM sends it: the business server renames the group. */
    public static final String SET_GROUP_INFO = """
            {"callbackCommand":"callbackBeforeSetGroupInfoCommand","operationID":"","groupID":"g1",\
            "groupName":"Team","notification":"","introduction":"Our team","faceURL":"https://cdn.example/g1.png",\
            "ex":"","needVerification":0,"lookMemberInfo":0,"applyMemberFriend":0}""";

    /** The gateway's allow: the business server's change, and the fields OpenIM always copies echoed. */
    public static final String GATEWAY_ALLOWED = """
            {"actionCode":0,"errCode":0,"errMsg":"","errDlt":"","nextCode":0,"groupName":"[Team] Team",\
            "groupID":"g1","faceURL":"https://cdn.example/g1.png","introduction":"Our team"}""";

    /** The gateway's answer when the business server is down and failedContinue is false. */
    public static final String GATEWAY_BLOCKED = """
            {"actionCode":0,"errCode":90004,"errMsg":"NetworkError","errDlt":"Connection refused: \
            /127.0.0.1:8080","nextCode":1}""";

    public static final String GATEWAY_UNKNOWN_COMMAND = """
            {"error":"unknownCommand","message":"'callbackTeleportCommand' is not an OpenIM callbackCommand imhook \
            knows; OpenIM reads this answer as a block","actionCode":0,"errCode":1002,"errMsg":"NoPermissionError",\
            "errDlt":"imhook: not a callback imhook knows","nextCode":1,\
            "valid":["callbackBeforeSendSingleMsgCommand","..."]}""";

    public static final String GATEWAY_NOT_THE_GATEWAY = """
            {"error":"notFound","message":"no OpenIM gateway at this url; OpenIM reads this answer as a block \
            (check its webhooks.yml url against imhook.gateway.base-path and imhook.gateway.token)",\
            "actionCode":0,"errCode":1002,"errMsg":"NoPermissionError",\
            "errDlt":"imhook: no OpenIM gateway at this url","nextCode":1}""";

    public static final String GATEWAY_BAD_REQUEST = """
            {"error":"badRequest","message":"wrong type for field 'contentType': must be a whole number",\
            "field":"contentType","actionCode":0,"errCode":1001,"errMsg":"ArgsError",\
            "errDlt":"wrong type for field 'contentType': must be a whole number",\
            "nextCode":1}""";

    private ApiExamples() {
    }
}
