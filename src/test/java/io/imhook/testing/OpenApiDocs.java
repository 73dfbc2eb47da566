package io.imhook.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the OpenAPI document and example answers in tests. */
public final class OpenApiDocs {

    private OpenApiDocs() {
    }

    /** The names of the examples of a response or request body, whatever its media type. */
    public static List<String> examples(JsonNode bodyOrResponse) {
        List<String> names = new ArrayList<>();
        bodyOrResponse.path("content").forEach(media -> media.path("examples").fieldNames()
                .forEachRemaining(names::add));
        return names;
    }

    /** The field names of a JSON object, sorted. */
    public static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
