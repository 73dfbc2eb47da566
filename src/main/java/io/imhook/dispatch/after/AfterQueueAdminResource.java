package io.imhook.dispatch.after;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Operators' view of the after-callback queue: its ledger, and the dead letters to list, replay or delete. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AfterQueueAdminResource {

    private static final int DEFAULT_LIMIT = 100;

    private final AfterQueue queue;

    public AfterQueueAdminResource(AfterQueue queue) {
        this.queue = queue;
    }

    /** accepted = delivered + deadLettered + discarded + pending, plus failed attempts and refusals. */
    @GET
    @Path("/after-queue")
    public AfterQueue.Ledger ledger() {
        return queue.ledger();
    }

    /** The dead letters, oldest first. */
    @GET
    @Path("/dead-letters")
    public List<DeadLetter> deadLetters(@RestQuery Integer limit) {
        return queue.deadLetters(limit == null || limit < 1 ? DEFAULT_LIMIT : limit);
    }

    /** Puts one dead letter back in the queue. */
    @POST
    @Path("/dead-letters/{id}/replay")
    public Map<String, Integer> replay(@RestPath long id) {
        if (!queue.replay(id)) {
            throw new NotFoundException("no dead letter " + id + " to replay (or the queue is full)");
        }
        return Map.of("replayed", 1);
    }

    /** Puts every dead letter back in the queue. */
    @POST
    @Path("/dead-letters/replay")
    public Map<String, Integer> replayAll() {
        return Map.of("replayed", queue.replayAll());
    }

    /** Deletes one dead letter for good (counted as discarded). */
    @DELETE
    @Path("/dead-letters/{id}")
    public Map<String, Integer> delete(@RestPath long id) {
        if (!queue.delete(id)) {
            throw new NotFoundException("no dead letter " + id);
        }
        return Map.of("deleted", 1);
    }

    /** Deletes every dead letter for good (counted as discarded). */
    @DELETE
    @Path("/dead-letters")
    public Map<String, Integer> deleteAll() {
        return Map.of("deleted", queue.deleteAll());
    }
}
