package io.imhook.callback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The bytes the business server gets, and the reply as decoded, pinned to what the codec wrote before binding went
 * through one cached reader per record type (issue 22, "JSON once"): the expected texts are the old code's output.
 */
class PayloadCodecBytesTest {

    private static final CallbackType SINGLE = CallbackCatalogue.byKey("beforeSendSingleMsg").orElseThrow();
    private static final CallbackType GROUP_INFO = CallbackCatalogue.byKey("beforeSetGroupInfo").orElseThrow();

    private static String sent(CallbackType type, String body) {
        return new String(PayloadCodec.write(PayloadCodec.readRequest(type, body.getBytes(UTF_8))), UTF_8);
    }

    @Test
    void unknownFieldsFollowTheKnownOnesAsTheyCame() {
        assertThat(sent(SINGLE, "{\"newField\":{\"a\":[1,null,\"x\"]},\"sendID\":\"alice\",\"SessionType\":1,"
                + "\"groupID\":\"g-dropped\"}"))
                .isEqualTo(EXPECTED_UNKNOWN);
    }

    @Test
    void nullsAndAbsentFieldsAreWrittenAsTheRecordHoldsThem() {
        assertThat(sent(SINGLE, "{\"sendID\":null,\"contentType\":null,\"atUserIDList\":null}"))
                .isEqualTo(EXPECTED_NULLS);
    }

    @Test
    void bigNumbersOfUnknownFieldsKeepTheirDigits() {
        assertThat(sent(SINGLE, "{\"sendTime\":9223372036854775807,\"big\":123456789012345678901234567890,"
                + "\"frac\":1.50}"))
                .isEqualTo(EXPECTED_NUMBERS);
    }

    /** Jackson writes a character outside the BMP as its escaped surrogate pair, as it did before. */
    @Test
    void unicodeEscapesAreDecodedAndWrittenAsUtf8() {
        assertThat(sent(SINGLE, "{\"sendID\":\"\\u00e9\\ud83d\\ude00\\\"\",\"x\\u0041\":\"\\u2028\"}"))
                .isEqualTo(EXPECTED_UNICODE);
    }

    @Test
    void wrongTypesAreStillRefusedWithTheField() {
        assertThatThrownBy(() -> sent(SINGLE, "{\"contentType\":\"101\"}"))
                .isInstanceOf(BadPayloadException.class)
                .hasMessage("wrong type for field 'contentType': must be a whole number");
        assertThatThrownBy(() -> sent(SINGLE, "{\"contentType\":1.5}"))
                .isInstanceOf(BadPayloadException.class)
                .hasMessage("wrong type for field 'contentType': must be a whole number");
    }

    /** A body of known fields only is read straight into its record; one more field sends it through the tree. */
    @Test
    void aBodyOfKnownFieldsOnlyIsSentAsTheTreesPathSendsIt() {
        String known = "{\"SendID\":\"alice\",\"recvID\":\"bob\",\"sessionType\":1,\"contentType\":101,"
                + "\"content\":\"{\\\"content\\\":\\\"hi\\\"}\",\"atUserIDList\":[\"x\"],\"seq\":-1}";
        String withUnknown = known.substring(0, known.length() - 1) + ",\"zz\":1}";

        assertThat(sent(SINGLE, known))
                .isEqualTo(sent(SINGLE, withUnknown).replace(",\"zz\":1}", "}"))
                .contains("\"sendID\":\"alice\"", "\"atUserIDList\":[\"x\"]");
    }

    /** Malformed JSON after a wrong type is named as malformed, as the tree, which reads the whole body first, finds. */
    @Test
    void aWrongTypeBeforeMalformedJsonIsReportedAsMalformed() {
        assertThatThrownBy(() -> sent(SINGLE, "{\"contentType\":\"101\", oops}"))
                .isInstanceOf(BadPayloadException.class)
                .hasMessage("malformed JSON at line 1, column 23");
    }

    @Test
    void aReplyDecodesToItsCommonFieldsAndCanonicalReplyFields() {
        var reply = PayloadCodec.readReply(GROUP_INFO, ("{\"ActionCode\":0,\"nextCode\":0,\"errMsg\":\"\\u00e9\","
                + "\"groupName\":\"new\",\"unknown\":1}").getBytes(UTF_8));
        assertThat(reply.common().errMsg()).isEqualTo("é");
        assertThat(reply.fields().toString()).isEqualTo(EXPECTED_GROUP_REPLY);
        assertThatThrownBy(() -> PayloadCodec.readReply(GROUP_INFO, "{\"nextCode\":\"1\"}".getBytes(UTF_8)))
                .isInstanceOf(BadPayloadException.class)
                .hasMessage("wrong type for field 'nextCode': must be a whole number");
    }

    @Test
    void theNullBodyGivesAllZeroFields() {
        var reply = PayloadCodec.read("null".getBytes(UTF_8), io.imhook.callback.payload.CommonReply.class);
        assertThat(reply.nextCode()).isZero();
        assertThat(reply.errMsg()).isNull();
    }

    private static final String EXPECTED_UNKNOWN = "{\"sendID\":\"alice\","
            + "\"callbackCommand\":\"callbackBeforeSendSingleMsgCommand\",\"serverMsgID\":null,\"clientMsgID\":null,"
            + "\"operationID\":null,\"senderPlatformID\":0,\"senderNickname\":null,\"sessionType\":1,\"msgFrom\":0,"
            + "\"contentType\":0,\"status\":0,\"sendTime\":0,\"createTime\":0,\"content\":null,\"seq\":0,"
            + "\"atUserList\":null,\"faceURL\":null,\"ex\":null,\"recvID\":null,"
            + "\"newField\":{\"a\":[1,null,\"x\"]}}";
    private static final String EXPECTED_NULLS = "{\"sendID\":null,"
            + "\"callbackCommand\":\"callbackBeforeSendSingleMsgCommand\",\"serverMsgID\":null,\"clientMsgID\":null,"
            + "\"operationID\":null,\"senderPlatformID\":0,\"senderNickname\":null,\"sessionType\":0,\"msgFrom\":0,"
            + "\"contentType\":0,\"status\":0,\"sendTime\":0,\"createTime\":0,\"content\":null,\"seq\":0,"
            + "\"atUserList\":null,\"faceURL\":null,\"ex\":null,\"recvID\":null,\"atUserIDList\":null}";
    private static final String EXPECTED_NUMBERS = "{\"sendID\":null,"
            + "\"callbackCommand\":\"callbackBeforeSendSingleMsgCommand\",\"serverMsgID\":null,\"clientMsgID\":null,"
            + "\"operationID\":null,\"senderPlatformID\":0,\"senderNickname\":null,\"sessionType\":0,\"msgFrom\":0,"
            + "\"contentType\":0,\"status\":0,\"sendTime\":9223372036854775807,"
            + "\"createTime\":0,\"content\":null,\"seq\":0,"
            + "\"atUserList\":null,\"faceURL\":null,\"ex\":null,\"recvID\":null,"
            + "\"big\":123456789012345678901234567890,\"frac\":1.5}";
    private static final String EXPECTED_UNICODE = "{\"sendID\":\"\u00e9\\uD83D\\uDE00\\\"\","
            + "\"callbackCommand\":\"callbackBeforeSendSingleMsgCommand\",\"serverMsgID\":null,\"clientMsgID\":null,"
            + "\"operationID\":null,\"senderPlatformID\":0,\"senderNickname\":null,\"sessionType\":0,\"msgFrom\":0,"
            + "\"contentType\":0,\"status\":0,\"sendTime\":0,\"createTime\":0,\"content\":null,\"seq\":0,"
            + "\"atUserList\":null,\"faceURL\":null,\"ex\":null,\"recvID\":null,\"xA\":\"\u2028\"}";
    private static final String EXPECTED_GROUP_REPLY = "{\"groupID\":null,\"groupName\":\"new\",\"notification\":null,"
            + "\"introduction\":null,\"faceURL\":null,\"ex\":null,\"needVerification\":null,\"lookMemberInfo\":null,"
            + "\"applyMemberFriend\":null}";
}
