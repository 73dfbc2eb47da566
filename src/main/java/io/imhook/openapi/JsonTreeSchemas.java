package io.imhook.openapi;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Jackson's tree types ({@code ObjectNode} in {@code Decision.modified} and the receiver's answers) are JSON
 * objects on the wire, but the schema scanner reads their Java getters ({@code isArray}, {@code isTextual}, ...)
 * and calls them an array of {@code JsonNode}. This filter, run once at build time, says "a JSON object".
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class JsonTreeSchemas implements OASFilter {

    static final String OBJECT_NODE = "ObjectNode";
    private static final List<String> GETTER_SCHEMAS = List.of("JsonNode", "JsonNodeType");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        Map<String, Schema> schemas = components == null ? null : components.getSchemas();
        if (schemas == null || !schemas.containsKey(OBJECT_NODE)) {
            return;
        }
        components.addSchema(OBJECT_NODE, OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("A JSON object"));
        GETTER_SCHEMAS.forEach(components::removeSchema);
    }
}
