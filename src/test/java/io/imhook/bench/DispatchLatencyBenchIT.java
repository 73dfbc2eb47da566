package io.imhook.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.imhook.testing.FreePort;
import io.imhook.testing.PackagedApp;

/**
 * On demand, not in CI: the latency of one before-callback through the dispatcher to the built-in receiver,
 * against a baseline measured in the same run: the same callback POSTed straight to the receiver. The dispatch
 * path adds one HTTP hop and the decision; the ratio is what imhook costs over calling the business server. The
 * same callback through the OpenIM gateway, as OpenIM posts it, shows what the gateway adds over {@code /dispatch}.
 * <p>
 * Run: {@code ./mvnw verify -Dimhook.bench=true -Dit.test=DispatchLatencyBenchIT -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false} (add {@code -Dnative} for the native binary).
 */
@EnabledIfSystemProperty(named = "imhook.bench", matches = "true")
class DispatchLatencyBenchIT {

    private static final int PORT = FreePort.pick();
    private static final int WARMUP = 500;
    private static final int CALLS = Integer.getInteger("imhook.bench.calls", 1000);
    private static final String MESSAGE = """
            {"sendID":"alice","recvID":"bob","sessionType":1,"contentType":101,"content":"{\\"content\\":\\"hello bob\\"}"}
            """;

    @Test
    void beforeCallbackLatency() throws Exception {
        Map<String, String> environment = Map.of("QUARKUS_HTTP_PORT", String.valueOf(PORT),
                "WEBHOOKS_URL", "http://127.0.0.1:" + PORT + "/callbackExample");
        try (PackagedApp app = PackagedApp.start(environment)) {
            app.awaitReady(PORT);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest direct = post(client, "/callbackExample/callbackBeforeSendSingleMsgCommand");
            HttpRequest dispatched = post(client, "/dispatch/beforeSendSingleMsg");
            HttpRequest gateway = post(client, "/openim/callbackBeforeSendSingleMsgCommand");
            for (int i = 0; i < WARMUP; i++) {
                send(client, direct);
                send(client, dispatched);
                send(client, gateway);
            }
            List<Long> directNanos = new ArrayList<>();
            List<Long> dispatchedNanos = new ArrayList<>();
            List<Long> gatewayNanos = new ArrayList<>();
            // interleaved, so that noise from the shared machine hits all three alike
            for (int i = 0; i < CALLS; i++) {
                directNanos.add(send(client, direct));
                dispatchedNanos.add(send(client, dispatched));
                gatewayNanos.add(send(client, gateway));
            }
            double directMedian = percentile(directNanos, 50);
            double dispatchedMedian = percentile(dispatchedNanos, 50);
            System.out.printf("%n[bench] %d calls each, interleaved, after %d warm-up calls%n", CALLS, WARMUP);
            System.out.printf("[bench] baseline   POST receiver directly : median %.3f ms, p90 %.3f ms%n",
                    directMedian / 1e6, percentile(directNanos, 90) / 1e6);
            System.out.printf("[bench] dispatched POST /dispatch/{key}    : median %.3f ms, p90 %.3f ms%n",
                    dispatchedMedian / 1e6, percentile(dispatchedNanos, 90) / 1e6);
            double gatewayMedian = percentile(gatewayNanos, 50);
            System.out.printf("[bench] gateway    POST /openim/{command}  : median %.3f ms, p90 %.3f ms%n",
                    gatewayMedian / 1e6, percentile(gatewayNanos, 90) / 1e6);
            System.out.printf("[bench] ratio dispatched / baseline (median): %.2f%n", dispatchedMedian / directMedian);
            System.out.printf("[bench] gateway - dispatched (median): %+.3f ms, ratio %.2f%n%n",
                    (gatewayMedian - dispatchedMedian) / 1e6, gatewayMedian / dispatchedMedian);
        }
    }

    /** The same body and Content-Type for all three: the one OpenIM sends. */
    private static HttpRequest post(HttpClient client, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(MESSAGE)).build();
    }

    private static long send(HttpClient client, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        if (response.statusCode() != 200 || !response.body().contains("\"actionCode\":0")
                && !response.body().contains("\"outcome\":\"allowed\"")) {
            throw new IllegalStateException("unexpected answer " + response.statusCode() + " " + response.body());
        }
        return elapsed;
    }

    private static double percentile(List<Long> samples, int percentile) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }
}
