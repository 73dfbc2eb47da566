package io.imhook.warmup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;

import org.jboss.logging.Logger;

import io.imhook.callback.CallbackCatalogue;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.dispatch.BusinessServerClient;
import io.imhook.dispatch.Origin;
import io.imhook.security.ApiConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.smallrye.mutiny.Uni;

/**
 * What a replica does before readiness turns UP, so that the first before-callback Kubernetes sends it does not pay
 * for first use: a pooled connection to each business server an enabled callback is sent to, and one request of
 * imhook's own {@code POST /dispatch/{key}} that loads the server's path, the client's POST and the error answer.
 *
 * <p>The connection's request is an {@code OPTIONS} of the base url: no business server decides a callback on it
 * (OpenIM's calls are all POSTs under the base url), and whatever it answers the connection stays in the pool. The
 * request to imhook itself has a body that is not JSON: it is answered 400 before any decision, so nothing of it is
 * counted, recorded in the console or sent to a business server, and its {@code traceparent} is not sampled. A
 * business server that is down or slow ends the warm-up at {@link WarmUpConfig#timeout()}.
 */
@ApplicationScoped
public class StartupWarmUp {

    private static final Logger LOG = Logger.getLogger(StartupWarmUp.class);

    /** The key whose path the request to imhook itself takes: every before-callback shares it up to the codec. */
    static final String SELF_KEY = "beforeSendSingleMsg";
    /** Cut short, so that the codec refuses it before any decision. */
    private static final byte[] NOT_JSON = { '{' };
    private static final int STEPS = 2;

    private final WarmUpConfig config;
    private final WebhookSettings settings;
    private final BusinessServerClient client;
    private final Optional<String> apiToken;
    private final AtomicInteger stepsLeft = new AtomicInteger(STEPS);
    private volatile long started = System.nanoTime();

    public StartupWarmUp(WarmUpConfig config, WebhookSettings settings, BusinessServerClient client,
            ApiConfig api) {
        this.config = config;
        this.settings = settings;
        this.client = client;
        this.apiToken = api.tokens().flatMap(tokens -> tokens.stream().filter(token -> !token.isBlank()).findFirst());
    }

    void connect(@Observes StartupEvent event) {
        if (!config.enabled()) {
            stepsLeft.set(0);
            return;
        }
        started = System.nanoTime();
        Map<String, String> urlsByOrigin = baseUrls(settings.current());
        List<Uni<String>> connects = urlsByOrigin.entrySet().stream()
                .map(origin -> client.options(origin.getValue(), config.timeout())
                        .map(status -> (String) null)
                        .onFailure().recoverWithItem(origin.getKey()))
                .toList();
        Uni<List<String>> failed = connects.isEmpty() ? Uni.createFrom().item(List.of())
                : Uni.join().all(connects).andCollectFailures()
                        .map(origins -> origins.stream().filter(origin -> origin != null).toList());
        failed.ifNoItem().after(config.timeout()).recoverWithItem(List.copyOf(urlsByOrigin.keySet()))
                .subscribe().with(unanswered -> {
                    if (!unanswered.isEmpty()) {
                        LOG.warnf("warm-up: no connection to %s after %d ms; readiness is UP anyway, their first"
                                + " callbacks will connect", unanswered, elapsedMillis());
                    }
                    stepEnded();
                });
    }

    void requestItself(@ObservesAsync HttpServerStart server) {
        if (!config.enabled()) {
            return;
        }
        String host = server.options().getHost();
        String url = "http://" + (host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host)
                + ":" + server.options().getPort() + "/dispatch/" + SELF_KEY;
        Map<String, String> headers = new TreeMap<>(Map.of("traceparent", unsampledTraceparent()));
        apiToken.ifPresent(token -> headers.put("Authorization", "Bearer " + token));
        client.post(url, "imhook-warm-up", "imhook-warm-up", NOT_JSON, config.timeout(), headers)
                .ifNoItem().after(config.timeout()).fail()
                .subscribe().with(reply -> {
                    if (reply.statusCode() != 400) {
                        LOG.debugf("warm-up: imhook's own /dispatch answered %d", reply.statusCode());
                    }
                    stepEnded();
                }, failure -> {
                    LOG.debugf("warm-up: imhook's own /dispatch did not answer: %s", failure.toString());
                    stepEnded();
                });
    }

    private void stepEnded() {
        if (stepsLeft.decrementAndGet() == 0) {
            LOG.debugf("warm-up: ended in %d ms", elapsedMillis());
        }
    }

    private long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    /**
     * Whether the warm-up has ended, connected or not (or is switched off). Each step ends itself at the latest
     * {@code timeout} after it started; twice that after start-up it counts as ended also where a step never
     * started (no plain HTTP listener, for one).
     */
    public boolean done() {
        return stepsLeft.get() <= 0 || System.nanoTime() - started > 2 * config.timeout().toNanos();
    }

    /** One base url per origin, keyed by the origin (which is what may be logged: a url can carry a token). */
    static Map<String, String> baseUrls(WebhooksSnapshot snapshot) {
        Map<String, String> urls = new TreeMap<>();
        CallbackCatalogue.all().stream().filter(type -> snapshot.of(type).enabled())
                .map(snapshot::url).forEach(url -> urls.putIfAbsent(Origin.of(url), url));
        return urls;
    }

    /** A W3C trace context whose sampled flag is off: a collector, where one is configured, gets no span of it. */
    private static String unsampledTraceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("00-%016x%016x-%016x-00", random.nextLong() | 1, random.nextLong(),
                random.nextLong() | 1);
    }
}
