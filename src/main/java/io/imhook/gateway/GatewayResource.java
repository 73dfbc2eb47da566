package io.imhook.gateway;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.imhook.callback.BadPayloadException;
import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.config.WebhookSettings;
import io.imhook.dispatch.Dispatcher;
import io.imhook.dispatch.Inbound;
import io.imhook.dispatch.Ingress;
import io.imhook.logging.OperationIdLogging;
import io.imhook.openapi.ApiDefinition;
import io.imhook.openapi.ApiExamples;
import io.smallrye.mutiny.Uni;

/**
 * The OpenIM-facing ingress: the url of OpenIM's own {@code webhooks.yml} points here, and every callback OpenIM
 * sends goes through the same {@link Dispatcher} as {@code POST /dispatch/{key}}, with imhook's {@code webhooks.yml},
 * whose url is the real business server. The answer is the reply that makes OpenIM do what imhook decided
 * ({@link OpenImReply}). {@link GatewayRouting} brings the configured path here.
 */
@Path(GatewayRouting.RESOURCE_PATH)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiExamples.GATEWAY_TAG, description = "OpenIM's webhooks.yml url points here; imhook decides and "
        + "answers in OpenIM's reply format")
public class GatewayResource {

    private final Dispatcher dispatcher;
    private final WebhookSettings settings;
    private final GatewayRefusals refusals;

    public GatewayResource(Dispatcher dispatcher, WebhookSettings settings, GatewayRefusals refusals) {
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.refusals = refusals;
    }

    /**
     * Decides one callback OpenIM sent. The HTTP status is 200 for every decision: OpenIM reads only the body.
     */
    @POST
    @Path("/{command}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Take one callback from OpenIM", description = "OpenIM posts {url}/{callbackCommand} "
            + "(url = http://imhook:10006{imhook.gateway.base-path}, plus /{imhook.gateway.token} when one is set). "
            + "Before-callbacks are decided with imhook's semantics and answered so that OpenIM does exactly that; "
            + "after-callbacks are answered with the allow reply as soon as they are queued.")
    @Parameter(name = "command", in = ParameterIn.PATH, description = "An OpenIM callbackCommand (typos included)",
            example = "callbackBeforeSendSingleMsgCommand")
    @Parameter(name = "operationID", in = ParameterIn.HEADER,
            description = "OpenIM's trace id (any case, may be empty: then one is generated), sent on and echoed",
            example = "op-1")
    @Parameter(name = "key", in = ParameterIn.QUERY, description = "The route key of the three message "
            + "after-callbacks, passed on to the business server unchanged")
    @RequestBody(description = "The callback's request JSON, as OpenIM sends it", required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "callbackBeforeSetGroupInfoCommand",
                            value = ApiExamples.SET_GROUP_INFO)))
    @APIResponse(responseCode = "200", description = "The reply OpenIM acts on",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                    examples = {
                            @ExampleObject(name = "allowed", value = ApiExamples.GATEWAY_ALLOWED),
                            @ExampleObject(name = "denied", value = ApiExamples.DENY_ANSWER),
                            @ExampleObject(name = "failed, failedContinue false",
                                    value = ApiExamples.GATEWAY_BLOCKED) }))
    @APIResponse(responseCode = "400", description = "Malformed JSON or a field of the wrong type; the body also "
            + "carries the reply fields of the key's failedContinue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BadInputReply.class),
                    examples = @ExampleObject(name = "badRequest", value = ApiExamples.GATEWAY_BAD_REQUEST)))
    @APIResponse(responseCode = "404", description = "A callbackCommand imhook does not know, or a path under the "
            + "base path that is not the gateway's url (a wrong token): answered with a block, since OpenIM reads "
            + "only the body", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BadInputReply.class),
                    examples = {
                            @ExampleObject(name = "unknownCommand", value = ApiExamples.GATEWAY_UNKNOWN_COMMAND),
                            @ExampleObject(name = "notFound", value = ApiExamples.GATEWAY_NOT_THE_GATEWAY) }))
    @APIResponse(responseCode = "503", ref = ApiDefinition.QUEUE_FULL)
    public Uni<RestResponse<Object>> receive(@RestPath String command, @RestHeader("operationID") String operationID,
            @RestHeader("traceparent") String traceparent, @Context UriInfo uri, byte[] body) {
        CallbackType type = CallbackCatalogue.byCommand(command).orElse(null);
        if (type == null) {
            refusals.refused(GatewayRefusals.Reason.UNKNOWN_COMMAND);
            return Uni.createFrom().item(RestResponse.ResponseBuilder.create(RestResponse.Status.NOT_FOUND,
                    (Object) OpenImReply.unknownCommand(command)).type(MediaType.APPLICATION_JSON_TYPE).build());
        }
        // receivers built on OpenIM's own middleware refuse an empty operationID, so one is made up here
        String opId = operationID == null || operationID.isBlank() ? Dispatcher.newOperationId() : operationID;
        MDC.put(OperationIdLogging.OPERATION_ID, opId);
        String routeKey = type.sendsRouteKey() ? rawQueryValue(uri.getRequestUri().getRawQuery(), "key") : null;
        return dispatcher.dispatch(new Inbound(Ingress.GATEWAY, type.key(), body, opId, routeKey, traceparent))
                .map(dispatched -> answer(RestResponse.Status.OK,
                        OpenImReply.of(type, dispatched.decision(), dispatched.request()), opId))
                .onFailure(BadPayloadException.class).recoverWithItem(problem -> answer(
                        RestResponse.Status.BAD_REQUEST, OpenImReply.badInput(type,
                                settings.of(type).failedContinue(), (BadPayloadException) problem), opId));
    }

    private static RestResponse<Object> answer(RestResponse.Status status, Object body, String operationID) {
        return RestResponse.ResponseBuilder.create(status, body)
                .header(OperationIdLogging.OPERATION_ID, operationID)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** A query parameter's value exactly as it came, still percent-encoded; null when absent. */
    static String rawQueryValue(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.startsWith(name + "=")) {
                return parameter.substring(name.length() + 1);
            }
        }
        return null;
    }
}
