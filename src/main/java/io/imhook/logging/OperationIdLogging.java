package io.imhook.logging;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.imhook.dispatch.Dispatcher;

/**
 * Puts the callback's {@code operationID} into the logging MDC for the whole request, so every log line of a
 * callback carries it: as {@code mdc.operationID} in JSON logs, through {@code %X{operationID}} in plain ones.
 * <p>
 * A dispatch without the header gets its id here rather than in the dispatcher, and the id is written into the
 * request's header, so the log lines, the business server and the answer all see the same one. The receiver's
 * requests are left as they came: it records a missing header as {@code ""}.
 */
public class OperationIdLogging {

    /** The header OpenIM sends and the dispatcher echoes; also the MDC key. */
    public static final String OPERATION_ID = "operationID";

    private static final Logger LOG = Logger.getLogger(OperationIdLogging.class);
    private static final String DISPATCH_PATH = "/dispatch/";

    @ServerRequestFilter
    public void enter(ContainerRequestContext request) {
        String operationID = request.getHeaderString(OPERATION_ID);
        if (isBlank(operationID) && isDispatch(request)) {
            operationID = Dispatcher.newOperationId();
            request.getHeaders().putSingle(OPERATION_ID, operationID);
        }
        if (!isBlank(operationID)) {
            MDC.put(OPERATION_ID, operationID);
        }
    }

    @ServerResponseFilter
    public void leave(ContainerRequestContext request, ContainerResponseContext response) {
        LOG.debugf("%s %s answered %d", request.getMethod(), request.getUriInfo().getPath(), response.getStatus());
        // the MDC lives in the request's Vert.x context; off such a context it is a thread-local that would
        // otherwise leak into the next request served by the thread
        MDC.remove(OPERATION_ID);
    }

    private static boolean isDispatch(ContainerRequestContext request) {
        return HttpMethod.POST.equals(request.getMethod())
                && request.getUriInfo().getPath().startsWith(DISPATCH_PATH);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
