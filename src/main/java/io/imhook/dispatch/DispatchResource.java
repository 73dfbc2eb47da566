package io.imhook.dispatch;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.config.reload.WebhooksWatcher;
import io.imhook.logging.UrlRedaction;
import io.imhook.openapi.ApiDefinition;
import io.imhook.openapi.ApiExamples;
import io.smallrye.mutiny.Uni;

/** The API the IM side calls: one event in, one decision out. */
@Path("/dispatch")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = ApiExamples.DISPATCH_TAG,
        description = "The IM side hands one event to the business server and gets the decision")
public class DispatchResource {

    private final Dispatcher dispatcher;
    static final String SHA256_HEADER = "Webhooks-Sha256";
    static final String LOADED_AT_HEADER = "Webhooks-Loaded-At";

    private final WebhookSettings settings;
    private final WebhooksWatcher watcher;

    public DispatchResource(Dispatcher dispatcher, WebhookSettings settings, WebhooksWatcher watcher) {
        this.dispatcher = dispatcher;
        this.settings = settings;
        this.watcher = watcher;
    }

    /**
     * Dispatches one event. Before-callbacks answer 200 with the decision; after-callbacks answer 202
     * ({@code queued}) at once, or 200 when skipped. The {@code operationID} header is echoed.
     */
    @POST
    @Path("/{key}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Dispatch one IM event", description = "Calls the business server as OpenIM does and "
            + "answers with the decision; after-callbacks are queued for background delivery.")
    @RequestBody(description = "The callback's request JSON as OpenIM's pkg/callbackstruct defines it; "
            + "callbackCommand may be left out", required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT), examples = {
                            @ExampleObject(name = "beforeSendSingleMsg", value = ApiExamples.TEXT_MESSAGE),
                            @ExampleObject(name = "beforeSendSingleMsg, listed word",
                                    value = ApiExamples.LISTED_WORD_MESSAGE),
                            @ExampleObject(name = "afterUserOnline", value = ApiExamples.USER_ONLINE) }))
    @APIResponse(responseCode = "200", description = "A before-callback decided, or any callback skipped",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Decision.class), examples = {
                    @ExampleObject(name = "allowed", value = ApiExamples.ALLOWED),
                    @ExampleObject(name = "denied", value = ApiExamples.DENIED),
                    @ExampleObject(name = "modified", value = ApiExamples.MODIFIED) }))
    @APIResponse(responseCode = "202", description = "An after-callback queued for delivery",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Decision.class),
                    examples = @ExampleObject(name = "queued", value = ApiExamples.QUEUED)))
    @APIResponse(responseCode = "400", ref = ApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDefinition.UNKNOWN_CALLBACK)
    @APIResponse(responseCode = "503", ref = ApiDefinition.QUEUE_FULL)
    @Parameter(name = "key", in = ParameterIn.PATH, description = "A webhooks.yml key",
            example = "beforeSendSingleMsg")
    @Parameter(name = "operationID", in = ParameterIn.HEADER,
            description = "Trace id, sent on to the business server and echoed; generated when absent",
            example = "op-1")
    public Uni<RestResponse<Decision>> dispatch(@RestPath String key, @RestHeader("operationID") String operationID,
            @RestHeader("traceparent") String traceparent, byte[] body) {
        return dispatcher.dispatch(Inbound.dispatch(key, body, operationID, traceparent)).map(dispatched -> {
            Decision decision = dispatched.decision();
            return RestResponse.ResponseBuilder
                    .create(decision.outcome() == Outcome.QUEUED ? RestResponse.Status.ACCEPTED
                            : RestResponse.Status.OK, decision)
                    .header("operationID", decision.operationID())
                    .build();
        });
    }

    /**
     * The callbacks and their effective settings, in {@code webhooks.yml} order, all from one snapshot; which file
     * content that is, and since when, in the {@code Webhooks-Sha256} and {@code Webhooks-Loaded-At} headers.
     */
    @GET
    @Operation(summary = "List the callbacks", description = "All 53 webhooks.yml keys with their effective "
            + "settings; the headers name the webhooks.yml content in force (GET /dispatch/settings has the same "
            + "as JSON)")
    @APIResponse(responseCode = "200", description = "The callbacks, in webhooks.yml order",
            headers = {
                    @Header(name = SHA256_HEADER, description = "SHA-256 of the webhooks.yml in force (hex)",
                            schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = LOADED_AT_HEADER, description = "When it was loaded (ISO-8601)",
                            schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = CallbackView.class),
                    examples = @ExampleObject(name = "callbacks", value = ApiExamples.CALLBACKS)))
    public RestResponse<List<CallbackView>> callbacks() {
        WebhooksSnapshot snapshot = settings.current();
        return RestResponse.ResponseBuilder.ok(snapshot.all().values().stream().map(CallbackView::of).toList())
                .header(SHA256_HEADER, snapshot.sha256())
                .header(LOADED_AT_HEADER, snapshot.loadedAt().toString())
                .build();
    }

    /** Which {@code webhooks.yml} is in force: file, url, SHA-256, load time, and a refused change on disk. */
    @GET
    @Path("/settings")
    @Operation(summary = "The webhooks.yml in force", description = "Which file content the callbacks are "
            + "decided by, since when, and whether a later change on disk was refused")
    @APIResponse(responseCode = "200", description = "The webhooks.yml in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SettingsView.class),
                    examples = @ExampleObject(name = "settings", value = ApiExamples.SETTINGS)))
    public SettingsView settingsInForce() {
        WebhooksSnapshot snapshot = settings.current();
        Optional<WebhooksWatcher.Refusal> refusal = watcher.refusal();
        return new SettingsView(snapshot.location(), UrlRedaction.redact(snapshot.url()), snapshot.sha256(),
                snapshot.loadedAt().toString(), snapshot.enabledCallbacks(), watcher.watching(),
                refusal.map(WebhooksWatcher.Refusal::sha256).orElse(null),
                refusal.map(r -> r.at().toString()).orElse(null),
                refusal.map(WebhooksWatcher.Refusal::error).orElse(null));
    }

    /**
     * The {@code webhooks.yml} in force, as {@code GET /dispatch/settings} shows it.
     *
     * @param refusedSha256 the SHA-256 of a changed file on disk that was refused (the settings above keep
     *        serving); null when the file on disk is the one in force
     */
    public record SettingsView(String file, String url, String sha256, String loadedAt, long enabledCallbacks,
            boolean watched, String refusedSha256, String refusedAt, String refusedError) {
    }

    /** One callback as {@code GET /dispatch} lists it. */
    public record CallbackView(String key, String command, String phase, boolean enabled, long timeoutSeconds,
            Boolean failedContinue) {

        static CallbackView of(io.imhook.config.CallbackSettings callback) {
            return new CallbackView(callback.type().key(), callback.type().command(),
                    callback.type().phase().name().toLowerCase(), callback.enabled(),
                    callback.timeout().toSeconds(),
                    callback.type().isBefore() ? callback.failedContinue() : null);
        }
    }
}
