package io.imhook.openapi;

import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.imhook.error.ErrorBody;

/**
 * The OpenAPI document's shared parts: the error answers of both APIs, declared once as components; an operation
 * names the ones it can give with {@code @APIResponse(responseCode = "...", ref = ApiDefinition.BAD_REQUEST)}.
 * Title, version and description come from {@code quarkus.smallrye-openapi.info-*} in {@code application.yaml}.
 * <p>
 * SmallRye OpenAPI reads {@code @OpenAPIDefinition} only from the JAX-RS {@link Application} class; this one adds
 * no path and lists no classes, so Quarkus REST still serves every resource at its own path.
 */
@OpenAPIDefinition(info = @Info(title = "imhook", version = "1"), components = @Components(responses = {
        @APIResponse(name = ApiDefinition.BAD_REQUEST, description = "Malformed JSON or a field of the wrong type",
                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ErrorBody.class),
                        examples = @ExampleObject(name = "badRequest", value = ApiExamples.BAD_REQUEST))),
        @APIResponse(name = ApiDefinition.UNKNOWN_CALLBACK, description = "Not a webhooks.yml callback key",
                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ErrorBody.class),
                        examples = @ExampleObject(name = "unknownCallback", value = ApiExamples.UNKNOWN_CALLBACK))),
        @APIResponse(name = ApiDefinition.QUEUE_FULL,
                description = "The after-callback queue is full; retry after Retry-After",
                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ErrorBody.class),
                        examples = @ExampleObject(name = "queueFull", value = ApiExamples.QUEUE_FULL))),
        @APIResponse(name = ApiDefinition.UNKNOWN_COMMAND,
                description = "Not an OpenIM callbackCommand, or not under the receiver's base path",
                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ErrorBody.class),
                        examples = @ExampleObject(name = "unknownCommand", value = ApiExamples.UNKNOWN_COMMAND))),
        @APIResponse(name = ApiDefinition.BAD_LIMIT, description = "A limit that is not a whole number of 1 or more",
                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = ErrorBody.class),
                        examples = @ExampleObject(name = "badRequest", value = ApiExamples.BAD_LIMIT))) }))
public class ApiDefinition extends Application {

    public static final String BAD_REQUEST = "badRequest";
    public static final String UNKNOWN_CALLBACK = "unknownCallback";
    public static final String QUEUE_FULL = "queueFull";
    public static final String UNKNOWN_COMMAND = "unknownCommand";
    public static final String BAD_LIMIT = "badLimit";
}
