package io.imhook.callback;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON fields one payload record binds, as Jackson (and Go) match them: case-insensitively. A request is sent
 * on rebuilt from its record, so that its known fields carry their canonical names and Go's zero values; every
 * other field a caller sent (one a newer OpenIM added) is passed on as it came, also inside a known field that
 * holds records (a group's {@code initMemberList}, a registration's {@code users}).
 */
final class KnownFields {

    private static final ClassValue<KnownFields> OF_RECORD = new ClassValue<>() {
        @Override
        protected KnownFields computeValue(Class<?> recordType) {
            return new KnownFields(recordType);
        }
    };

    /** A known field: its canonical name, and the record its value (or each element of it) is, if any. */
    private record Field(String name, Class<?> nestedRecord) {
    }

    private final Locale folding;
    private final Map<String, Field> byFoldedName = new HashMap<>();

    private KnownFields(Class<?> recordType) {
        DeserializationConfig config = PayloadCodec.mapper().getDeserializationConfig();
        // the locale Jackson folds names with under ACCEPT_CASE_INSENSITIVE_PROPERTIES
        this.folding = config.getLocale();
        BeanDescription description = config.introspect(config.constructType(recordType));
        for (BeanPropertyDefinition property : description.findProperties()) {
            JavaType type = property.getPrimaryType();
            JavaType value = type.isContainerType() && !type.isMapLikeType() ? type.getContentType() : type;
            Class<?> nested = value.getRawClass().isRecord() ? value.getRawClass() : null;
            byFoldedName.put(property.getName().toLowerCase(folding), new Field(property.getName(), nested));
        }
    }

    static KnownFields of(Class<?> recordType) {
        return OF_RECORD.get(recordType);
    }

    /**
     * Adds to {@code rebuilt} (the record of {@code sent}, written back) every field of {@code sent} the record
     * does not bind, after its own fields and in the order they came.
     */
    void keepUnknown(ObjectNode sent, ObjectNode rebuilt) {
        for (Map.Entry<String, JsonNode> entry : sent.properties()) {
            Field known = byFoldedName.get(entry.getKey().toLowerCase(folding));
            if (known == null) {
                rebuilt.set(entry.getKey(), entry.getValue());
            } else if (known.nestedRecord() != null) {
                keepUnknownInside(of(known.nestedRecord()), entry.getValue(), rebuilt.get(known.name()));
            }
        }
    }

    /** A nested record's value is an object or a list of them; a list is rebuilt element for element. */
    private static void keepUnknownInside(KnownFields nested, JsonNode sent, JsonNode rebuilt) {
        if (sent instanceof ObjectNode sentObject && rebuilt instanceof ObjectNode rebuiltObject) {
            nested.keepUnknown(sentObject, rebuiltObject);
        } else if (sent instanceof ArrayNode sentList && rebuilt instanceof ArrayNode rebuiltList) {
            for (int i = 0; i < Math.min(sentList.size(), rebuiltList.size()); i++) {
                keepUnknownInside(nested, sentList.get(i), rebuiltList.get(i));
            }
        }
    }
}
