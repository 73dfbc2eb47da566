package io.imhook.bench.bare;

import java.net.URI;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The least work of imhook's two roles, in the same framework: a receiver that reads the callback as JSON and
 * answers a fixed allow reply, and a forwarder that posts the body it got to {@code bare.target} (the benchmark
 * points it at imhook's receiver) with the Vert.x web client and answers its reply. No decision, guard, trace, metric or log: what is left is Quarkus REST, Jackson,
 * Vert.x and Netty, the floor any dispatcher written on them stands on.
 */
@Path("/")
public class BareResource {

    /** The receiver's allow reply, as nginx answers it in the benchmark's floor of one HTTP exchange. */
    private static final String ALLOW = "{\"actionCode\":0,\"errCode\":0,\"errMsg\":\"\",\"errDlt\":\"\",\"nextCode\":0}";

    private final WebClient client;
    private final String target;

    public BareResource(Vertx vertx, @ConfigProperty(name = "bare.target") URI target) {
        this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setMaxPoolSize(100)
                .setTryUseCompression(false).setFollowRedirects(false));
        this.target = target.toString();
    }

    /** The start-up probe, as imhook's GET /dispatch. */
    @GET
    @Path("dispatch")
    @Produces(MediaType.APPLICATION_JSON)
    public String ready() {
        return "{}";
    }

    @POST
    @Path("callbackExample/{command}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String receive(@PathParam("command") String command, JsonNode callback) {
        return callback.isObject() ? ALLOW : "{\"actionCode\":1}";
    }

    @POST
    @Path("forward/{command}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<String> forward(@PathParam("command") String command, byte[] body) {
        return client.postAbs(target + "/callbackExample/" + command)
                .putHeader(HttpHeaders.CONTENT_TYPE.toString(), MediaType.APPLICATION_JSON)
                .sendBuffer(Buffer.buffer(body))
                .map(reply -> reply.bodyAsString());
    }
}
