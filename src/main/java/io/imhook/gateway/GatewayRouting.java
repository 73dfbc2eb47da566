package io.imhook.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

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
 * (and the older forms {@code {base-path}[/{token}]?command={command}} and {@code ?callbackCommand={command}})
 * and turns everything else under either path away with a JSON 404 whose body OpenIM reads as a block
 * ({@link OpenImReply#notTheGateway()}), counted and logged by {@link GatewayRefusals}.
 */
public class GatewayRouting {

    /** Where {@link GatewayResource} is mounted; the default base path, so that the default needs no rewrite. */
    static final String RESOURCE_PATH = "/openim";

    /** What a callbackCommand can be: OpenIM's are letters, and a longer one is a probe, not a callback. */
    private static final Pattern COMMAND = Pattern.compile("[A-Za-z0-9_]{1,100}");

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
        String query = routing.request().query();
        if (query != null) {
            String queried = commandInQuery(query);
            if (queried != null) {
                if (queried.isEmpty() || !(command.isEmpty() || command.equals(queried))) {
                    return refuse(GatewayRefusals.Reason.SHAPE);
                }
                command = queried;
            }
        }
        if (command.isEmpty() || command.contains("/")) {
            return refuse(GatewayRefusals.Reason.SHAPE);
        }
        String target = RESOURCE_PATH + "/" + command;
        if (!target.equals(path)) {
            String base = UrlPaths.withoutTrailingSlashes(request.getUriInfo().getBaseUri().toString());
            request.setRequestUri(URI.create(base + target + (query == null ? "" : "?" + query)));
        }
        return null;
    }

    /**
     * The command of the url forms of OpenIM before v3.4.2: {@code {url}?command={command}} (v3.0 to v3.4.0) and
     * {@code {url}?callbackCommand={command}} (v2). Null when the query names none; empty when it names one that
     * cannot be a callbackCommand, or more than one.
     */
    static String commandInQuery(String query) {
        String found = null;
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (name.equals("command") || name.equals("callbackCommand")) {
                String value = equals < 0 ? "" : parameter.substring(equals + 1);
                if (found != null || !COMMAND.matcher(value).matches()) {
                    return "";
                }
                found = value;
            }
        }
        return found;
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
