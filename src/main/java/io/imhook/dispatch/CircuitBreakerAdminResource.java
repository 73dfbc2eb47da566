package io.imhook.dispatch;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.faulttolerance.api.CircuitBreakerState;

/** Operators' view of the per-url circuit breakers, by {@code scheme://host:port}, and their reset. */
@Path("/admin/circuit-breakers")
@Produces(MediaType.APPLICATION_JSON)
public class CircuitBreakerAdminResource {

    private final CircuitBreakers breakers;

    public CircuitBreakerAdminResource(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    /** Each business server's breaker state ({@code CLOSED}, {@code HALF_OPEN}, {@code OPEN}). */
    @GET
    public Map<String, CircuitBreakerState> states() {
        return breakers.states();
    }

    /**
     * Closes the breakers and clears their counts: of the business server at {@code url} (any url of it; only its
     * {@code scheme://host:port} counts), or of all when {@code url} is absent.
     */
    @POST
    @Path("/reset")
    public Map<String, Object> reset(@RestQuery String url) {
        int reset = breakers.reset(url);
        return Map.of("reset", reset, "states", breakers.states());
    }
}
