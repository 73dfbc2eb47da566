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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.callback.CallbackType;
import io.imhook.callback.PayloadCodec;
import io.imhook.error.ErrorBody;
import io.imhook.openapi.ApiDefinition;
import io.imhook.openapi.ApiExamples;
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
@Tag(name = ApiExamples.RECEIVER_TAG, description = "A business server for every OpenIM callback, with example rules")
public class ReceiverResource {

    private static final String BASE_PATH_DOC = "imhook.receiver.base-path, without slashes";

    private final String basePath;
    private final ReferenceRules rules;
    private final ReceivedCallbacks received;
    private final CallbackVerification verification;

    public ReceiverResource(ReceiverConfig config, ReferenceRules rules, ReceivedCallbacks received,
            CallbackVerification verification) {
        this.basePath = withoutSlashes(config.basePath());
        this.rules = rules;
        this.received = received;
        this.verification = verification;
    }

    /**
     * Answers one callback in the protocol's reply format. Reads the {@code operationID} header case-insensitively
     * (Go sends {@code Operationid}) and ignores any query string ({@code ?contenttype=json}, {@code ?key=}).
     */
    @POST
    @Path("{basePath: .+}/{command}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Answer one OpenIM callback", description = "Answers in OpenIM's reply format: allow, deny "
            + "(nextCode 1) or modify (allow plus the callback's reply fields). After-callbacks get the allow answer.")
    @Parameter(name = "basePath", in = ParameterIn.PATH, description = BASE_PATH_DOC, example = "callbackExample")
    @Parameter(name = "command", in = ParameterIn.PATH, description = "An OpenIM callbackCommand",
            example = "callbackBeforeSendSingleMsgCommand")
    @Parameter(name = "operationID", in = ParameterIn.HEADER, description = "OpenIM's trace id (any case)",
            example = "op-2")
    @RequestBody(description = "The callback's request JSON, as OpenIM sends it", required = true,
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "callbackBeforeSendSingleMsgCommand",
                            value = ApiExamples.LISTED_WORD_MESSAGE)))
    @APIResponse(responseCode = "200", description = "The answer, in OpenIM's reply format",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.OBJECT),
                    examples = {
                            @ExampleObject(name = "allow", value = ApiExamples.ALLOW_ANSWER),
                            @ExampleObject(name = "deny", value = ApiExamples.DENY_ANSWER),
                            @ExampleObject(name = "modify", value = ApiExamples.MODIFY_ANSWER) }))
    @APIResponse(responseCode = "400", ref = ApiDefinition.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDefinition.UNKNOWN_COMMAND)
    @APIResponse(responseCode = "503", description = "Signed callbacks only: a new webhook-id while the receiver "
            + "keeps imhook.receiver.signing.replay-capacity ids within the tolerance; retry after Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    public Uni<ObjectNode> receive(@RestPath String basePath, @RestPath String command,
            @RestHeader("operationID") String operationID, @RestHeader("webhook-id") String webhookId,
            @RestHeader("webhook-timestamp") String webhookTimestamp,
            @RestHeader("webhook-signature") String webhookSignature, byte[] body) {
        return Uni.createFrom().deferred(() -> {
            requireBasePath(basePath);
            return verification.once(webhookId, webhookTimestamp, webhookSignature, body, () -> {
                CallbackType type = CallbackCatalogue.byCommand(command)
                        .orElseThrow(() -> new UnknownCommandException(command));
                Record request = PayloadCodec.read(body, type.requestType());
                Answer answer = rules.answer(type, request);
                received.record(new ReceivedCallback(command, operationID == null ? "" : operationID,
                        Instant.now(), request, answer.verdict(), answer.reply()), body, type.requestType());
                return answer.reply();
            });
        });
    }

    /**
     * The last callbacks received, newest first.
     *
     * @param command only this callbackCommand
     * @param operationID only the callbacks that carried this operationID
     * @param limit at most this many (default: all that are kept)
     */
    @GET
    @Path("{basePath: .+}/events")
    @Operation(summary = "The last callbacks received", description = "Newest first: command, operationID, "
            + "receivedAt, the body as read, the verdict and the answer")
    @Parameter(name = "basePath", in = ParameterIn.PATH, description = BASE_PATH_DOC, example = "callbackExample")
    @Parameter(name = "command", in = ParameterIn.QUERY, description = "Only this callbackCommand",
            example = "callbackBeforeSendSingleMsgCommand")
    @Parameter(name = "operationID", in = ParameterIn.QUERY,
            description = "Only the callbacks that carried this operationID: one event followed end to end",
            example = "op-1")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "At most this many (default: all kept)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"), example = "1")
    @APIResponse(responseCode = "200", description = "The callbacks, newest first",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ReceivedCallback.class),
                    examples = @ExampleObject(name = "events", value = ApiExamples.EVENTS)))
    @APIResponse(responseCode = "400", ref = ApiDefinition.BAD_LIMIT)
    public Uni<List<ReceivedCallback>> events(@RestPath String basePath, @RestQuery String command,
            @RestQuery String operationID, @RestQuery String limit) {
        return Uni.createFrom().item(() -> {
            requireBasePath(basePath);
            if (command != null && CallbackCatalogue.byCommand(command).isEmpty()) {
                throw new UnknownCommandException(command);
            }
            return received.newest(Optional.ofNullable(command), Optional.ofNullable(operationID),
                    parseLimit(limit));
        });
    }

    /** Callbacks answered since start, by command and verdict ({@code allow}, {@code deny}, {@code modify}). */
    @GET
    @Path("{basePath: .+}/stats")
    @Operation(summary = "Callbacks answered since start", description = "By command, then by verdict")
    @Parameter(name = "basePath", in = ParameterIn.PATH, description = BASE_PATH_DOC, example = "callbackExample")
    @APIResponse(responseCode = "200", description = "Counts by command and verdict",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.OBJECT),
                    examples = @ExampleObject(name = "stats", value = ApiExamples.STATS)))
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
