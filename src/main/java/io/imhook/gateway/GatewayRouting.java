package io.imhook.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.imhook.config.UrlPaths;
import io.vertx.ext.web.RoutingContext;

/**
 * Routes OpenIM's calls to the gateway. JAX-RS takes {@code @Path} only from constants, and the receiver already
 * owns the {@code {basePath}/{command}} template, so {@link GatewayResource} sits at the constant
 * {@link #RESOURCE_PATH}; this filter, run before matching, moves {@code {base-path}[/{token}]/{command}} there
 * and turns everything else under either path away with a JSON 404 whose body OpenIM reads as a block
 * ({@link OpenImReply#notTheGateway()}), counted and logged by {@link GatewayRefusals}.
 */
public class GatewayRouting {

    /** Where {@link GatewayResource} is mounted; the default base path, so that the default needs no rewrite. */
    static final String RESOURCE_PATH = "/openim";

    private final String basePath;
    /**
     * {@code /{last segment of basePath}}: every normalized path under the base path contains it, so a path without
     * it and without {@code /openim} is none of this filter's business, and is passed on without building URIs (the
     * filter runs on every request: it was 3.4 % of the dispatch path's profile, mostly {@code getRequestUri} and
     * two regular expressions).
     */
    private final String baseMarker;
    private final Optional<byte[]> token;
    private final GatewayRefusals refusals;

    public GatewayRouting(GatewayConfig config, GatewayRefusals refusals) {
        this.basePath = "/" + config.basePath().replaceAll("^/+|/+$", "");
        if (basePath.equals("/")) {
            throw new IllegalArgumentException("imhook.gateway.base-path must name a path, not '"
                    + config.basePath() + "'");
        }
        this.baseMarker = basePath.substring(basePath.lastIndexOf('/'));
        this.token = config.token().filter(value -> !value.isBlank())
                .map(value -> value.getBytes(StandardCharsets.UTF_8));
        this.refusals = refusals;
    }

    /**
     * Decides on the path the router matches, the normalized one ({@code %2e%2e} and {@code ..} resolved,
     * unreserved characters decoded), so that no spelling of a path reaches {@link GatewayResource} without the
     * token; and refuses every path under the gateway that is not already in that form, since OpenIM's url never
     * holds a dot segment, a percent-encoded character or a matrix parameter.
     */
    @ServerRequestFilter(preMatching = true)
    public RestResponse<BadInputReply> route(ContainerRequestContext request, RoutingContext routing) {
        String normalized = routing.normalizedPath();
        if (!normalized.contains(baseMarker) && !normalized.contains(RESOURCE_PATH)) {
            return null;
        }
        String root = UrlPaths.withoutTrailingSlashes(request.getUriInfo().getBaseUri().getRawPath());
        String path = normalized.startsWith(root) ? normalized.substring(root.length()) : normalized;
        boolean underBase = isUnder(path, basePath);
        if (!underBase && !isUnder(path, RESOURCE_PATH)) {
            return null;
        }
        if (!normalized.equals(routing.request().path()) || path.indexOf(';') >= 0) {
            return refuse(GatewayRefusals.Reason.NOT_CANONICAL);
        }
        if (!underBase) {
            // the resource's own path, where the base path is another one
            return refuse(GatewayRefusals.Reason.SHAPE);
        }
        String rest = path.length() > basePath.length() ? path.substring(basePath.length() + 1) : "";
        String command = rest;
        if (token.isPresent()) {
            int slash = rest.indexOf('/');
            byte[] offered = (slash < 0 ? rest : rest.substring(0, slash)).getBytes(StandardCharsets.UTF_8);
            // constant time, so the answer's timing does not tell how much of a guess was right
            if (!MessageDigest.isEqual(offered, token.get())) {
                return refuse(GatewayRefusals.Reason.TOKEN);
            }
            command = slash < 0 ? "" : rest.substring(slash + 1);
        }
        if (command.isEmpty() || command.contains("/")) {
            return refuse(GatewayRefusals.Reason.SHAPE);
        }
        String target = RESOURCE_PATH + "/" + command;
        if (!target.equals(path)) {
            String query = routing.request().query() == null ? "" : "?" + routing.request().query();
            String base = UrlPaths.withoutTrailingSlashes(request.getUriInfo().getBaseUri().toString());
            request.setRequestUri(URI.create(base + target + query));
        }
        return null;
    }

    /** {@code path} is {@code prefix} or below it, a matrix parameter on its last segment included. */
    private static boolean isUnder(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length()
                || path.charAt(prefix.length()) == '/' || path.charAt(prefix.length()) == ';');
    }

    private RestResponse<BadInputReply> refuse(GatewayRefusals.Reason reason) {
        refusals.refused(reason);
        // the status is for people: OpenIM reads only the body, which blocks (an allow would switch moderation off)
        return RestResponse.ResponseBuilder.<BadInputReply> create(Response.Status.NOT_FOUND)
                .entity(OpenImReply.notTheGateway())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
