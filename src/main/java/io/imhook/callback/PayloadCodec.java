package io.imhook.callback;

import java.io.IOException;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.imhook.callback.payload.CommonReply;

/**
 * Reads and writes callback bodies the way OpenIM's Go server does (spec 2.3, 2.6): keys match
 * case-insensitively, unknown keys are not bound, {@code null} means zero, and types are strict (no string for a
 * number, no fraction for an integer, no number for a string). Shared by the dispatcher and the receiver.
 * <p>
 * Nothing a caller sends can make reading expensive: the parser refuses documents, strings, numbers, nesting and
 * token counts past {@link #CONSTRAINTS}, and duplicate keys. A request is parsed once, into a tree: binding that
 * tree into its record checks the types, and the record written back, plus every field it does not know, is what
 * the business server gets ({@link KnownFields}).
 */
public final class PayloadCodec {

    /**
     * Bounds on what one JSON document may hold: a 1 MiB body (the HTTP limit) fits; a 10,000-deep nesting, a
     * million tiny tokens or a 10 MiB string do not.
     */
    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxDocumentLength(2L * 1024 * 1024)
            .maxStringLength(1024 * 1024)
            .maxNumberLength(64)
            .maxNestingDepth(64)
            .maxTokenCount(300_000)
            .maxNameLength(1024)
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(CONSTRAINTS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, config -> config
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    /**
     * One reader per record type, built once: {@code readerFor} on every body was a measurable part of reading a
     * request (the dispatch path's profile), and a reader is immutable and thread-safe.
     */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type);
        }
    };

    /** As {@link #READERS}, failing on a field the record does not bind: such a body takes the tree's path. */
    private static final ClassValue<ObjectReader> KNOWN_ONLY_READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return MAPPER.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        }
    };

    private PayloadCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads a request body as the business server is to get it: the callback's request record written back (its
     * wire field names, Go's zero values, {@code callbackCommand} set, the fields the callback does not send left
     * out), followed by every field the record does not know, as it came, at any depth.
     *
     * @throws BadPayloadException when the body is not a JSON object or a field has the wrong type
     */
    public static ObjectNode readRequest(CallbackType type, byte[] body) {
        Record known = readKnownOnly(type.requestType(), body);
        ObjectNode wire;
        if (known != null) {
            wire = MAPPER.valueToTree(known);
        } else {
            ObjectNode sent = readObject(body, READERS.get(ObjectNode.class), false);
            wire = MAPPER.valueToTree(bind(sent, type.requestType()));
            KnownFields.of(type.requestType()).keepUnknown(sent, wire);
        }
        wire.put("callbackCommand", type.command());
        type.omittedFields().forEach(wire::remove);
        return wire;
    }

    /**
     * The request record straight from the bytes when the body is a JSON object of known fields only and reads
     * without an error, as OpenIM sends it; otherwise null, and the body is read again through its tree, which keeps
     * the unknown fields and gives every error its usual text (one pass where three were, in the common case).
     */
    private static Record readKnownOnly(Class<? extends Record> recordType, byte[] body) {
        try {
            return readObject(body, KNOWN_ONLY_READERS.get(recordType), false);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reads a body into a record with the strict rules. The literal {@code null} gives all-zero fields. */
    public static <T> T read(byte[] body, Class<T> recordType) {
        return readObject(body, READERS.get(recordType), true);
    }

    /**
     * Binds a body straight into a record (or an {@link ObjectNode}): the first token must open an object (or be
     * {@code null} where {@code nullAllowed}, which gives all-zero fields).
     */
    private static <T> T readObject(byte[] body, ObjectReader reader, boolean nullAllowed) {
        if (body == null || body.length == 0) {
            throw new BadPayloadException(null, "the body is empty");
        }
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadPayloadException(null, "the body is empty");
            }
            if (first == JsonToken.VALUE_NULL && nullAllowed) {
                if (parser.nextToken() != null) {
                    throw new BadPayloadException(null, "malformed JSON: trailing content after null");
                }
                return reader.readValue(MAPPER.createObjectNode());
            }
            if (first != JsonToken.START_OBJECT) {
                throw new BadPayloadException(null, "the body must be a JSON object, not a JSON " + describe(first));
            }
            T value = reader.readValue(parser);
            if (parser.nextToken() != null) {
                throw new BadPayloadException(null, "malformed JSON: trailing content after the object");
            }
            return value;
        } catch (JsonMappingException e) {
            throw bindingError(e);
        } catch (JacksonException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new BadPayloadException(null, "unreadable body: " + e.getMessage());
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase();
        };
    }

    /**
     * Decodes a business server's reply: its common fields, and the callback's own reply fields as a tree with
     * canonical names (empty when the callback has none).
     */
    public static DecodedReply readReply(CallbackType type, byte[] body) {
        JsonNode tree = readTree(body);
        if (tree.isNull()) {
            tree = MAPPER.createObjectNode();
        }
        if (!tree.isObject()) {
            throw new BadPayloadException(null, "the reply must be a JSON object, not " + describe(tree));
        }
        CommonReply common = bind(tree, CommonReply.class);
        ObjectNode fields = type.replyType() == null
                ? MAPPER.createObjectNode()
                : MAPPER.valueToTree(bind(tree, type.replyType()));
        return new DecodedReply(common, fields);
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    /** Whether a string is itself the text of a JSON object (beforeMsgModify {@code content}). */
    public static boolean isJsonObjectText(String text) {
        try {
            return MAPPER.readTree(text).isObject();
        } catch (JacksonException e) {
            return false;
        }
    }

    private static JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadPayloadException(null, "the body is empty");
        }
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw new BadPayloadException(null, "the body is empty");
            }
            return tree;
        } catch (JacksonException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new BadPayloadException(null, "unreadable body: " + e.getMessage());
        }
    }

    private static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            throw bindingError(e);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /**
     * A binding error as a fixed text, the field and the type it must have: Jackson's own message quotes the value
     * (a user's message), and these texts reach error answers, spans and, for a reply, the IM user's errDlt.
     */
    private static BadPayloadException bindingError(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String where = field.isEmpty() ? "the body" : "field '" + field + "'";
        return new BadPayloadException(field.isEmpty() ? null : field, "wrong type for " + where + expected(e));
    }

    private static String expected(JsonMappingException e) {
        if (!(e instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null) {
            return "";
        }
        Class<?> type = mismatch.getTargetType();
        if (type == String.class) {
            return ": must be a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return ": must be true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return ": must be a whole number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return ": must be a list";
        }
        return ": must be an object";
    }

    /** Malformed JSON as where it broke, not Jackson's message, which quotes the text around it. */
    private static BadPayloadException malformed(JacksonException e) {
        var location = e.getLocation();
        return new BadPayloadException(null, location == null || location.getLineNr() < 1 ? "malformed JSON"
                : "malformed JSON at line " + location.getLineNr() + ", column " + location.getColumnNr());
    }

    private static String describe(JsonNode tree) {
        return "a JSON " + tree.getNodeType().name().toLowerCase();
    }

    /** A decoded reply: the common decision fields and the callback's own fields. */
    public record DecodedReply(CommonReply common, ObjectNode fields) {
    }
}
