package io.imhook.console.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.imhook.callback.PayloadCodec;
import io.imhook.console.ConsoleConfig;
import io.imhook.error.ErrorBody;
import io.quarkus.qute.Engine;
import io.quarkus.qute.HtmlEscaper;
import io.quarkus.qute.Template;
import io.quarkus.qute.Variant;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's page, {@code GET {imhook.console.path}}, and its scripts under {@code {path}/static/}: the page
 * is a Qute template ({@code console/page.html}, read at start-up, so dev mode's restart on a changed resource
 * reloads it) holding no data (its script fetches everything from the console's API), the scripts are
 * served from the class path, the chart library (uPlot) from its webjar, so the page works with no internet.
 * The Content-Security-Policy allows scripts, styles and requests of this origin only, and no inline script.
 */
@ApplicationScoped
public class ConsolePage {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/%s/dist/%s";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8", "css",
            "text/css; charset=utf-8");

    private final ConsoleConfig config;
    private final Template page;

    public ConsolePage(ConsoleConfig config) {
        this.config = config;
        Engine engine = Engine.builder().addDefaults().addResultMapper(new HtmlEscaper(List.of(Variant.TEXT_HTML)))
                .build();
        this.page = engine.parse(new String(read("console/page.html"), StandardCharsets.UTF_8),
                Variant.forContentType(Variant.TEXT_HTML));
    }

    void install(@Observes Router router) {
        String base = config.basePath();
        if (!config.enabled()) {
            // without this, a path of the console would fall to the receiver's templated routes (405)
            router.route(base).handler(ConsolePage::disabled);
            router.route(base + "/*").handler(ConsolePage::disabled);
            return;
        }
        router.get(base).handler(this::page);
        String uplot = uplotVersion();
        serve(router, base + "/static/console.js", "console/static/console.js");
        serve(router, base + "/static/console.css", "console/static/console.css");
        serve(router, base + "/static/uPlot.iife.min.js", UPLOT.formatted(uplot, "uPlot.iife.min.js"));
        serve(router, base + "/static/uPlot.min.css", UPLOT.formatted(uplot, "uPlot.min.css"));
    }

    private static void disabled(RoutingContext context) {
        context.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Buffer.buffer(PayloadCodec.write(ErrorBody.of("notFound",
                        "the console is disabled (imhook.console.enabled=false)"))));
    }

    private void page(RoutingContext context) {
        String html = page.data("base", config.basePath()).render();
        secure(context).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(html);
    }

    private static io.vertx.core.http.HttpServerResponse secure(RoutingContext context) {
        return context.response().putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
    }

    /** Serves one class-path resource, read once at start-up. */
    private static void serve(Router router, String path, String resource) {
        Buffer content = Buffer.buffer(read(resource));
        String type = TYPES.get(resource.substring(resource.lastIndexOf('.') + 1));
        router.get(path).handler(context -> secure(context).putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(content));
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("console: resource " + resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The uPlot webjar's version, from its Maven metadata: the pom names it once. */
    private static String uplotVersion() {
        Properties properties = new Properties();
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("console: the uPlot webjar is missing from the build");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
