package io.imhook.receiver;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;
import io.smallrye.mutiny.Uni;

/**
 * The reference business server: answers every OpenIM callback at {@code POST {base-path}/{callbackCommand}},
 * and shows what it answered at {@code GET {base-path}/events} and {@code GET {base-path}/stats}.
 * <p>
 * JAX-RS takes {@code @Path} only from constants, so the base path is matched by a template and compared with the
 * configured one. Literal paths such as {@code /dispatch/{key}} still win over the template.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ReceiverResource {

    private final String basePath;
    private final ReferenceRules rules;
    private final ReceivedCallbacks received;

    public ReceiverResource(ReceiverConfig config, ReferenceRules rules, ReceivedCallbacks received) {
        this.basePath = withoutSlashes(config.basePath());
        this.rules = rules;
        this.received = received;
    }

    /**
     * Answers one callback in the protocol's reply format. Reads the {@code operationID} header case-insensitively
     * (Go sends {@code Operationid}) and ignores any query string ({@code ?contenttype=json}, {@code ?key=}).
     */
    @POST
    @Path("{basePath: .+}/{command}")
    @Consumes(MediaType.WILDCARD)
    public Uni<ObjectNode> receive(@RestPath String basePath, @RestPath String command,
            @RestHeader("operationID") String operationID, byte[] body) {
        return Uni.createFrom().item(() -> {
            requireBasePath(basePath);
            CallbackType type = CallbackCatalogue.byCommand(command)
                    .orElseThrow(() -> new UnknownCommandException(command));
            Record request = PayloadCodec.read(body, type.requestType());
            Answer answer = rules.answer(type, request);
            received.record(new ReceivedCallback(command, operationID == null ? "" : operationID, Instant.now(),
                    request, answer.verdict(), answer.reply()));
            return answer.reply();
        });
    }

    /**
     * The last callbacks received, newest first.
     *
     * @param command only this callbackCommand
     * @param limit at most this many (default: all that are kept)
     */
    @GET
    @Path("{basePath: .+}/events")
    public Uni<List<ReceivedCallback>> events(@RestPath String basePath, @RestQuery String command,
            @RestQuery String limit) {
        return Uni.createFrom().item(() -> {
            requireBasePath(basePath);
            if (command != null && CallbackCatalogue.byCommand(command).isEmpty()) {
                throw new UnknownCommandException(command);
            }
            return received.newest(Optional.ofNullable(command), parseLimit(limit));
        });
    }

    /** Callbacks answered since start, by command and verdict ({@code allow}, {@code deny}, {@code modify}). */
    @GET
    @Path("{basePath: .+}/stats")
    public Uni<Map<String, Map<String, Long>>> stats(@RestPath String basePath) {
        return Uni.createFrom().item(() -> {
            requireBasePath(basePath);
            return received.counts();
        });
    }

    private void requireBasePath(String requested) {
        if (!withoutSlashes(requested).equals(basePath)) {
            throw new NotFoundException("nothing at /" + requested + "; the receiver answers at /" + basePath);
        }
    }

    /** A query parameter JAX-RS failed to convert would answer 404, so the limit is parsed here, as a 400. */
    private int parseLimit(String limit) {
        if (limit == null) {
            return received.capacity();
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException("limit must be a whole number of 1 or more, not '" + limit + "'");
    }

    private static String withoutSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
