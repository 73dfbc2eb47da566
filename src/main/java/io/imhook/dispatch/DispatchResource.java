package io.imhook.dispatch;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.imhook.config.WebhookSettings;
import io.smallrye.mutiny.Uni;

/** The API the IM side calls: one event in, one decision out. */
@Path("/dispatch")
@Produces(MediaType.APPLICATION_JSON)
public class DispatchResource {

    private final Dispatcher dispatcher;
    private final WebhookSettings settings;

    public DispatchResource(Dispatcher dispatcher, WebhookSettings settings) {
        this.dispatcher = dispatcher;
        this.settings = settings;
    }

    /**
     * Dispatches one event. Before-callbacks answer 200 with the decision; after-callbacks answer 202
     * ({@code queued}) at once, or 200 when skipped. The {@code operationID} header is echoed.
     */
    @POST
    @Path("/{key}")
    @Consumes(MediaType.WILDCARD)
    public Uni<RestResponse<Decision>> dispatch(@RestPath String key, @RestHeader("operationID") String operationID,
            byte[] body) {
        return dispatcher.dispatch(key, body, operationID)
                .map(decision -> RestResponse.ResponseBuilder
                        .create(decision.outcome() == Outcome.QUEUED ? RestResponse.Status.ACCEPTED
                                : RestResponse.Status.OK, decision)
                        .header("operationID", decision.operationID())
                        .build());
    }

    /** The callbacks and their effective settings, in {@code webhooks.yml} order. */
    @GET
    public List<CallbackView> callbacks() {
        return settings.all().values().stream().map(CallbackView::of).toList();
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
