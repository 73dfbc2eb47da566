package io.imhook.dispatch;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operators' view of the shadow business servers: how their verdicts compared with the live ones. */
@Path("/admin/shadows")
@Produces(MediaType.APPLICATION_JSON)
public class ShadowAdminResource {

    private final Shadows shadows;

    public ShadowAdminResource(Shadows shadows) {
        this.shadows = shadows;
    }

    /** Per before-callback key with a shadow: agree, disagree, failed, dropped, and the disagreements by pair. */
    @GET
    @Operation(summary = "Compare the shadows", description = "Since start-up, per before-callback key with a "
            + "shadow in webhooks.yml: how often its verdict agreed with the live one, disagreed (by live->shadow "
            + "outcome), failed (no answer in time, down, a bad reply) or was dropped (too many in flight)")
    public Map<String, Map<String, Object>> counts() {
        return shadows.counts();
    }
}
