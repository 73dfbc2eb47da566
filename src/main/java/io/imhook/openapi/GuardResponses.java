package io.imhook.openapi;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.imhook.security.ApiAccess;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The refusals of {@link io.imhook.security.ApiGuard}, which runs ahead of every resource, documented on each
 * operation where they can occur, as shared components with the {@code ErrorBody} schema: 414, 431 and a bad
 * {@code operationID} header (400) everywhere; 401 where {@link ApiAccess} asks for the token (when
 * {@code imhook.api.tokens} is set); 413 and 415 where there is a request body. Run once at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class GuardResponses implements OASFilter {

    public static final String UNAUTHORIZED = "unauthorized";
    public static final String BAD_OPERATION_ID = "badOperationId";
    public static final String BODY_TOO_LARGE = "bodyTooLarge";
    public static final String URI_TOO_LONG = "uriTooLong";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupportedMediaType";
    public static final String HEADERS_TOO_LARGE = "headersTooLarge";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The receiver's base path as the document spells it; the gateway's resource is at {@code /openim}. */
    private static final ApiAccess ACCESS = new ApiAccess("{basePath}", "/openim", false, "/console");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getPaths() == null) {
            return;
        }
        var components = openAPI.getComponents();
        components.addResponse(UNAUTHORIZED, error(UNAUTHORIZED,
                "No or a wrong Authorization: Bearer <token> (only when imhook.api.tokens is set); answered with "
                        + "WWW-Authenticate: Bearer",
                ApiExamples.UNAUTHORIZED));
        components.addResponse(BAD_OPERATION_ID, error(BAD_OPERATION_ID,
                "An operationID header that is not 1 to 128 visible ASCII characters", ApiExamples.BAD_OPERATION_ID));
        components.addResponse(BODY_TOO_LARGE, error(BODY_TOO_LARGE,
                "A body over quarkus.http.limits.max-body-size (1M): refused from its Content-Length before it is "
                        + "read, or a chunked one once it passes the limit; the connection is closed",
                ApiExamples.BODY_TOO_LARGE));
        components.addResponse(URI_TOO_LONG, error(URI_TOO_LONG,
                "A request target over imhook.api.max-uri-length (4096); past "
                        + "quarkus.http.limits.max-initial-line-length (8192) the HTTP codec answers 414 without a "
                        + "body",
                ApiExamples.URI_TOO_LONG));
        components.addResponse(UNSUPPORTED_MEDIA_TYPE, error(UNSUPPORTED_MEDIA_TYPE,
                "A body that is not application/json or application/*+json", ApiExamples.UNSUPPORTED_MEDIA_TYPE));
        components.addResponse(HEADERS_TOO_LARGE, error(HEADERS_TOO_LARGE,
                "Headers over imhook.api.max-header-size (16K); past quarkus.http.limits.max-header-size (40K) the "
                        + "HTTP codec answers 431 without a body",
                ApiExamples.HEADERS_TOO_LARGE));
        // where an operation already has its 400 (a bad body), that answer covers a bad operationID header too
        APIResponse badRequest = components.getResponses() == null ? null
                : components.getResponses().get(ApiDefinition.BAD_REQUEST);
        if (badRequest != null && badRequest.getContent() != null
                && badRequest.getContent().getMediaType("application/json") != null) {
            badRequest.description(badRequest.getDescription() + ", or a bad operationID header");
            badRequest.getContent().getMediaType("application/json").addExample(BAD_OPERATION_ID,
                    OASFactory.createExample().value(parse(ApiExamples.BAD_OPERATION_ID)));
        }
        openAPI.getPaths().getPathItems().forEach(this::guard);
    }

    private void guard(String path, PathItem item) {
        if (path.equals("/q") || path.startsWith("/q/")) {
            return;
        }
        for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
            APIResponses responses = entry.getValue().getResponses();
            if (responses == null) {
                continue;
            }
            add(responses, "400", BAD_OPERATION_ID);
            add(responses, "414", URI_TOO_LONG);
            add(responses, "431", HEADERS_TOO_LARGE);
            if (ACCESS.needsToken(entry.getKey().name(), path)) {
                add(responses, "401", UNAUTHORIZED);
            }
            if (entry.getValue().getRequestBody() != null) {
                add(responses, "413", BODY_TOO_LARGE);
                add(responses, "415", UNSUPPORTED_MEDIA_TYPE);
            }
        }
    }

    /** A reference to the component, unless the operation already documents that status. */
    private static void add(APIResponses responses, String status, String component) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }

    private static APIResponse error(String name, String description, String example) {
        return OASFactory.createAPIResponse().description(description).content(OASFactory.createContent()
                .addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("ErrorBody"))
                        .addExample(name, OASFactory.createExample().value(parse(example)))));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + json, e);
        }
    }
}
