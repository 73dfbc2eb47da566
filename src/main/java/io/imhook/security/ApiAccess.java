package io.imhook.security;

import java.util.Set;

/**
 * Which requests need the API token. Deny by default: everything needs it except what must stay reachable without
 * one, so an endpoint added later (under {@code /admin} or anywhere else) is protected without a change here.
 */
public final class ApiAccess {

    private static final Set<String> RECEIVER_VIEWS = Set.of("events", "stats");

    /** Where the gateway's resource sits whatever its configured path (GatewayRouting answers 404 there). */
    private static final String GATEWAY_RESOURCE = "/openim/";

    private final String receiverBase;
    private final String gatewayBase;
    private final boolean protectMetrics;
    private final String consoleBase;

    /**
     * @param receiverBasePath {@code imhook.receiver.base-path}
     * @param gatewayBasePath {@code imhook.gateway.base-path}
     * @param protectMetrics {@code imhook.api.protect-metrics}
     * @param consoleBasePath {@code imhook.console.path}
     */
    public ApiAccess(String receiverBasePath, String gatewayBasePath, boolean protectMetrics,
            String consoleBasePath) {
        this.receiverBase = withSlash(receiverBasePath);
        this.gatewayBase = withSlash(gatewayBasePath) + "/";
        this.protectMetrics = protectMetrics;
        this.consoleBase = withSlash(consoleBasePath);
    }

    private static String withSlash(String path) {
        return "/" + path.replaceAll("^/+|/+$", "");
    }

    /**
     * Whether a request to the normalized {@code path} needs a token. Open: {@code /q/...} (health, metrics unless
     * protected, the API docs), the OpenIM ingress {@code {gateway base-path}/...} (its path token) and the
     * receiver's callbacks
     * {@code POST {base-path}/{command}} (signed), and the console's page and scripts
     * ({@code GET {console path}}, {@code GET {console path}/static/...}): they hold no data, and the page asks for
     * the token its API calls need. A path with a matrix parameter ({@code ;}) is never open.
     */
    public boolean needsToken(String method, String path) {
        if (path == null || path.contains(";")) {
            return true;
        }
        if (path.equals("/q") || path.startsWith("/q/")) {
            return protectMetrics && (path.equals("/q/metrics") || path.startsWith("/q/metrics/"));
        }
        if (path.startsWith(gatewayBase) || path.startsWith(GATEWAY_RESOURCE)) {
            return false;
        }
        if (("GET".equals(method) || "HEAD".equals(method))
                && (path.equals(consoleBase) || path.startsWith(consoleBase + "/static/"))) {
            return false;
        }
        if ("POST".equals(method) && path.startsWith(receiverBase + "/")) {
            String command = path.substring(receiverBase.length() + 1);
            return command.isEmpty() || command.contains("/") || RECEIVER_VIEWS.contains(command);
        }
        return true;
    }
}
