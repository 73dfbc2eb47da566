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
import io.imhook.error.ErrorBody;
import io.vertx.core.http.HttpServerRequest;

/**
 * Routes OpenIM's calls to the gateway. JAX-RS takes {@code @Path} only from constants, and the receiver already
 * owns the {@code {basePath}/{command}} template, so {@link GatewayResource} sits at the constant
 * {@link #RESOURCE_PATH}; this filter, run before matching, moves {@code {base-path}[/{token}]/{command}} there
 * and turns everything else under either path away with a JSON 404.
 */
public class GatewayRouting {

    /** Where {@link GatewayResource} is mounted; the default base path, so that the default needs no rewrite. */
    static final String RESOURCE_PATH = "/openim";

    private final String basePath;
    /**
     * {@code /{last segment of basePath}/}: every raw path that resolves under the base path contains it (dot
     * segments only remove segments), so a path without it and without {@code /openim/} is none of this filter's
     * business, and is passed on without building and normalizing its URI (the filter runs on every request: it
     * was 3.4 % of the dispatch path's profile, mostly {@code getRequestUri} and two regular expressions).
     */
    private final String baseMarker;
    private final Optional<byte[]> token;

    public GatewayRouting(GatewayConfig config) {
        this.basePath = "/" + config.basePath().replaceAll("^/+|/+$", "");
        if (basePath.equals("/")) {
            throw new IllegalArgumentException("imhook.gateway.base-path must name a path, not '"
                    + config.basePath() + "'");
        }
        this.baseMarker = basePath.substring(basePath.lastIndexOf('/')) + "/";
        this.token = config.token().filter(value -> !value.isBlank())
                .map(value -> value.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public RestResponse<ErrorBody> route(ContainerRequestContext request, HttpServerRequest vertxRequest) {
        String rawPath = vertxRequest.path();
        if (rawPath != null && !rawPath.contains(baseMarker) && !rawPath.contains(RESOURCE_PATH + "/")) {
            return null;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String path = relativeRawPath(request, uri);
        if (path.startsWith(basePath + "/")) {
            String command = command(path.substring(basePath.length() + 1));
            if (command == null) {
                return notFound();
            }
            String target = RESOURCE_PATH + "/" + command;
            if (!target.equals(path)) {
                String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
                String base = UrlPaths.withoutTrailingSlashes(request.getUriInfo().getBaseUri().toString());
                request.setRequestUri(URI.create(base + target + query));
            }
            return null;
        }
        if (path.startsWith(RESOURCE_PATH + "/")) {
            return notFound();
        }
        return null;
    }

    /** The command from {@code [{token}/]{command}}, or null when the token is wrong or the shape is not that. */
    private String command(String rest) {
        String command = rest;
        if (token.isPresent()) {
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return null;
            }
            byte[] offered = rest.substring(0, slash).getBytes(StandardCharsets.UTF_8);
            // constant time, so the answer's timing does not tell how much of a guess was right
            if (!MessageDigest.isEqual(offered, token.get())) {
                return null;
            }
            command = rest.substring(slash + 1);
        }
        return command.isEmpty() || command.contains("/") ? null : command;
    }

    private static String relativeRawPath(ContainerRequestContext request, URI uri) {
        String base = UrlPaths.withoutTrailingSlashes(request.getUriInfo().getBaseUri().getRawPath());
        String path = uri.getRawPath();
        return path.startsWith(base) ? path.substring(base.length()) : path;
    }

    private static RestResponse<ErrorBody> notFound() {
        // neither the path nor the need for a token is echoed: the path may hold a wrong guess of the token
        return RestResponse.ResponseBuilder.<ErrorBody> create(Response.Status.NOT_FOUND)
                .entity(ErrorBody.of("notFound", "no OpenIM gateway at this path"))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
