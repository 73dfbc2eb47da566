package io.imhook.config.reload;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.imhook.config.WebhooksSnapshot;
import io.imhook.logging.UrlRedaction;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServer.Answer;
import io.imhook.testing.KubeletMount;
import io.imhook.testing.KubeletMountResource;
import io.imhook.testing.LogCapture;
import io.imhook.testing.Prometheus;
import io.imhook.testing.Settle;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

/**
 * A {@code webhooks.yml} mounted from a ConfigMap changes while the service runs, the way the kubelet changes it
 * (an atomic swap of the {@code ..data} symlink), and the next dispatch sees the new settings without a restart.
 */
@QuarkusTest
@WithTestResource(KubeletMountResource.class)
class WebhooksReloadTest {

    private static final Duration RELOADED_WITHIN = Duration.ofSeconds(20);
    private static final String FRIEND = "{\"fromUserID\":\"u1\",\"toUserID\":\"u2\"}";

    private final BusinessServer server = BusinessServer.instance();

    @ConfigProperty(name = "imhook.webhooks-file")
    String file;

    @AfterEach
    void settle() {
        Settle.afterQueue(server);
    }

    @Test
    void aSwapOfTheDataSymlinkTakesEffectOnTheNextDispatch() {
        String moved = server.url().replace(BusinessServer.BASE_PATH, "/moved-" + System.nanoTime());
        String yaml = """
                url: %s
                beforeAddFriend:
                  enable: true
                  timeout: 7
                  failedContinue: false
                afterAddFriend:
                  enable: true
                  timeout: 1
                """.formatted(moved);
        double appliedBefore = reloads("applied");

        mount().swapAndAwait(yaml);

        String operationID = BusinessServer.operationId("reload-swap");
        addFriend(operationID).body("outcome", equalTo("allowed"));
        assertThat(server.awaitRequest(operationID).path())
                .isEqualTo(moved.substring(moved.indexOf("/moved")) + "/callbackBeforeAddFriendCommand");
        JsonPath callbacks = given().get("/dispatch").then().statusCode(200)
                .header("Webhooks-Sha256", WebhooksSnapshot.sha256(yaml))
                .header("Webhooks-Loaded-At", containsString("T"))
                .extract().jsonPath();
        assertThat(callbacks.getLong("find { it.key == 'beforeAddFriend' }.timeoutSeconds")).isEqualTo(7);
        assertThat(callbacks.getBoolean("find { it.key == 'beforeAddFriend' }.failedContinue")).isFalse();
        webhooksCheck().body("data.sha256", equalTo(WebhooksSnapshot.sha256(yaml)))
                // health shows only scheme://host:port of a url, which may carry a token in its path
                .body("data.url", equalTo(UrlRedaction.redact(moved)))
                .body("data.watched", equalTo(true))
                .body("data.refused", equalTo(false));
        assertThat(reloads("applied") - appliedBefore).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aBadEditIsRefusedAndTheLastGoodSettingsServe() {
        String good = KubeletMountResource.initial(server.url()) + "# good " + System.nanoTime() + "\n";
        mount().swapAndAwait(good);
        String bad = good.replace("  timeout: 5\n", "  timeout: five\n");
        assertThat(bad).isNotEqualTo(good);
        double refusedBefore = reloads("refused");
        List<String> errors = new CopyOnWriteArrayList<>();
        Handler handler = LogCapture.into(errors);
        Logger log = Logger.getLogger(WebhooksWatcher.class.getName());
        log.addHandler(handler);
        try {
            mount().swap(bad);

            await("the bad file is refused").atMost(RELOADED_WITHIN).pollInterval(Duration.ofMillis(50))
                    .until(() -> WebhooksSnapshot.sha256(bad).equals(given().get("/dispatch/settings")
                            .then().statusCode(200).extract().path("refusedSha256")));
        } finally {
            log.removeHandler(handler);
        }
        assertThat(errors).anySatisfy(line -> assertThat(line)
                .contains("refused", "webhooks.beforeAddFriend.timeout", "five", WebhooksSnapshot.sha256(good)));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        webhooksCheck().body("status", equalTo("UP"))
                .body("data.sha256", equalTo(WebhooksSnapshot.sha256(good)))
                .body("data.refused", equalTo(true))
                .body("data.refusedSha256", equalTo(WebhooksSnapshot.sha256(bad)))
                .body("data.refusedError", containsString("webhooks.beforeAddFriend.timeout"))
                .body("data.refusedError", containsString("five"));
        assertThat(reloads("refused") - refusedBefore).isEqualTo(1);
        assertThat(Prometheus.value(Prometheus.scrape(), "imhook_webhooks_file_refused", Map.of())).isEqualTo(1);

        // the last good settings serve: the 5 s timeout and the url of the good file
        String operationID = BusinessServer.operationId("reload-refused");
        addFriend(operationID).body("outcome", equalTo("allowed"));
        assertThat(server.awaitRequest(operationID).path()).startsWith(BusinessServer.BASE_PATH + "/");

        // a good file again clears the refusal
        mount().swapAndAwait(KubeletMountResource.initial(server.url()));
        webhooksCheck().body("data.refused", equalTo(false));
        assertThat(Prometheus.value(Prometheus.scrape(), "imhook_webhooks_file_refused", Map.of())).isZero();
    }

    @Test
    void anEditDuringASlowCallbackDoesNotChangeThatCallbacksTimeout() throws Exception {
        mount().swapAndAwait(withFriendTimeout(10));
        String slow = BusinessServer.operationId("reload-in-flight");
        // slower than the new timeout (1 s), well within the one the callback started with (10 s)
        server.script(slow, Answer.slowly(4_000));
        CompletableFuture<JsonPath> inFlight = CompletableFuture.supplyAsync(
                () -> addFriend(slow).extract().jsonPath());
        server.awaitRequest(slow);

        mount().swapAndAwait(withFriendTimeout(1));
        assertThat(inFlight).as("the reload must land while the callback is in flight").isNotDone();

        JsonPath decided = inFlight.get();
        assertThat(decided.getString("outcome")).isEqualTo("allowed");
        assertThat(decided.getLong("elapsedMs")).isGreaterThanOrEqualTo(4_000);

        // the next callback is decided under the new timeout
        String next = BusinessServer.operationId("reload-next");
        server.script(next, Answer.slowly(4_000));
        addFriend(next).body("outcome", equalTo("failed")).body("reason", equalTo("timeout"));
    }

    @Test
    void aQueuedEventIsDeliveredToTheUrlInForceWhenItIsAttempted() {
        mount().swapAndAwait(withAfterFriendAt(server.url()));
        String operationID = BusinessServer.operationId("reload-after");
        // the first attempt is held until the test lets it go, unanswered; the retry is allowed
        server.neverAnswer(operationID);
        given().header("operationID", operationID).body(FRIEND).post("/dispatch/afterAddFriend")
                .then().statusCode(202);
        assertThat(server.awaitRequest(operationID).path()).startsWith(BusinessServer.BASE_PATH + "/");

        String moved = server.url().replace(BusinessServer.BASE_PATH, "/moved-after-" + System.nanoTime());
        mount().swapAndAwait(withAfterFriendAt(moved));
        server.release();

        BusinessServer.Received retry = server.awaitRequests(operationID, 2).get(1);
        assertThat(retry.path())
                .isEqualTo(moved.substring(moved.indexOf("/moved")) + "/callbackAfterAddFriendCommand");
    }

    @Test
    void aFileRewrittenInTwoChunksIsNeverPutInForceHalfWritten() throws Exception {
        String nonce = Long.toString(System.nanoTime());
        String cut = server.url().replace(BusinessServer.BASE_PATH, "/torn-cut-" + nonce);
        String[] versions = {
            tornVersion(cut, server.url().replace(BusinessServer.BASE_PATH, "/torn-a-" + nonce)),
            tornVersion(cut, server.url().replace(BusinessServer.BASE_PATH, "/torn-b-" + nonce)) };
        mount().swapAndAwait(versions[1]);
        double appliedBefore = reloads("applied");
        double refusedBefore = reloads("refused");
        int writes = 12;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService dispatcher = Executors.newSingleThreadExecutor();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try {
            CompletableFuture<List<String>> decided = CompletableFuture.supplyAsync(() -> {
                List<String> operationIDs = new ArrayList<>();
                // bounded in count as well as by the writes
                while (writing.get() && operationIDs.size() < 5_000) {
                    String operationID = BusinessServer.operationId("torn-" + operationIDs.size());
                    addFriend(operationID).body("outcome", equalTo("allowed"));
                    operationIDs.add(operationID);
                }
                return operationIDs;
            }, dispatcher);
            for (int write = 0; write < writes; write++) {
                String version = versions[write % 2];
                // as an editor, cp or cat > write: truncate, then the content in two writes 50 ms apart
                writeInTwoChunks(Path.of(file), version, version.indexOf("  url: "), writer).get(20, TimeUnit.SECONDS);
                KubeletMount.awaitInForce(version);
            }
            writing.set(false);
            List<String> operationIDs = decided.get(60, TimeUnit.SECONDS);

            assertThat(operationIDs).hasSizeGreaterThan(writes);
            for (String operationID : operationIDs) {
                assertThat(server.awaitRequest(operationID).path()).as("where %s was sent", operationID)
                        .matches("/torn-[ab]-" + nonce + "/callbackBeforeAddFriendCommand");
            }
            assertThat(reloads("applied") - appliedBefore).as("reloads applied").isEqualTo(writes);
            assertThat(reloads("refused") - refusedBefore).as("reloads refused").isZero();
        } finally {
            writing.set(false);
            dispatcher.shutdownNow();
            writer.shutdownNow();
        }
    }

    @Test
    void aRefusedUrlIsDescribedWithoutItsPathQueryOrPassword() {
        String good = KubeletMountResource.initial(server.url()) + "# good " + System.nanoTime() + "\n";
        mount().swapAndAwait(good);
        String secretPath = "/private-" + UUID.randomUUID();
        String bad = good + "beforeUpdateUserInfo:\n  enable: true\n  url: ftp://admin:pw-" + UUID.randomUUID()
                + "@hooks.example:2121" + secretPath + "?token=tk-" + UUID.randomUUID() + "\n";
        mount().swap(bad);

        await("the bad file is refused").atMost(RELOADED_WITHIN).pollInterval(Duration.ofMillis(50))
                .until(() -> WebhooksSnapshot.sha256(bad).equals(given().get("/dispatch/settings")
                        .then().statusCode(200).extract().path("refusedSha256")));
        String health = webhooksCheck().body("data.refused", equalTo(true))
                .body("data.refusedError", containsString("webhooks.beforeUpdateUserInfo.url"))
                .body("data.refusedError", containsString("ftp://hooks.example:2121"))
                .extract().asString();
        String settings = given().get("/dispatch/settings").then().statusCode(200)
                .body("url", matchesPattern("https?://[^/]+:\\d+"))
                .extract().asString();
        for (String shown : List.of(health, settings)) {
            assertThat(shown).doesNotContain(secretPath, "pw-", "tk-", "admin", BusinessServer.BASE_PATH + "/");
        }
        mount().swapAndAwait(good + "# again " + System.nanoTime() + "\n");
    }

    @Test
    void anEmptyFileIsRefusedAndTheLastGoodSettingsServe() throws IOException {
        String good = KubeletMountResource.initial(server.url()) + "# before the truncation " + System.nanoTime()
                + "\n";
        mount().swapAndAwait(good);
        double refusedBefore = reloads("refused");

        // : > webhooks.yml
        Files.write(Path.of(file), new byte[0], StandardOpenOption.TRUNCATE_EXISTING);

        String empty = WebhooksSnapshot.sha256(new byte[0]);
        await("the empty file is refused").atMost(RELOADED_WITHIN).pollInterval(Duration.ofMillis(50))
                .until(() -> empty.equals(given().get("/dispatch/settings")
                        .then().statusCode(200).extract().path("refusedSha256")));
        webhooksCheck().body("status", equalTo("UP"))
                .body("data.sha256", equalTo(WebhooksSnapshot.sha256(good)))
                .body("data.enabledCallbacks", equalTo(2))
                .body("data.refused", equalTo(true))
                .body("data.refusedError", containsString("neither a url nor a callback key"));
        assertThat(reloads("refused") - refusedBefore).isEqualTo(1);
        String operationID = BusinessServer.operationId("reload-empty");
        addFriend(operationID).body("outcome", equalTo("allowed"));
        assertThat(server.awaitRequest(operationID).path()).startsWith(BusinessServer.BASE_PATH + "/");

        mount().swapAndAwait(KubeletMountResource.initial(server.url()));
        webhooksCheck().body("data.refused", equalTo(false));
    }

    @Test
    void aFileRenamedAwayAndWrittenAgainIsNotRefusedMeanwhile() throws Exception {
        mount().swapAndAwait(KubeletMountResource.initial(server.url()) + "# before " + System.nanoTime() + "\n");
        String next = KubeletMountResource.initial(server.url()) + "# after " + System.nanoTime() + "\n";
        double refusedBefore = reloads("refused");
        Path real = Path.of(file).toRealPath();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try {
            // as an editor that keeps a backup: the old file renamed away, the new one written 200 ms later (two
            // polls at least), well within the settle time
            Files.move(real, real.resolveSibling(KubeletMount.FILE + "~"));
            writer.schedule(() -> Files.writeString(real, next), 200, TimeUnit.MILLISECONDS).get(20, TimeUnit.SECONDS);
            KubeletMount.awaitInForce(next);
        } finally {
            writer.shutdownNow();
        }
        assertThat(reloads("refused") - refusedBefore).as("reloads refused").isZero();
        webhooksCheck().body("data.refused", equalTo(false));
    }

    /**
     * beforeAddFriend at its own {@code url}, after a top-level one: a file cut before the entry's url sends the
     * callback to the top-level url instead, and one cut before {@code enable} skips it as disabled.
     */
    private static String tornVersion(String topLevel, String own) {
        return """
                url: %s
                beforeAddFriend:
                  enable: true
                  timeout: 5
                  url: %s
                """.formatted(topLevel, own);
    }

    /**
     * Truncates {@code path} and writes {@code yaml} up to {@code cutAt}, then the rest 50 ms later on
     * {@code writer}; completes once the whole file is written.
     */
    private static CompletableFuture<Void> writeInTwoChunks(Path path, String yaml, int cutAt,
            ScheduledExecutorService writer) throws IOException {
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        channel.write(ByteBuffer.wrap(bytes, 0, cutAt));
        CompletableFuture<Void> written = new CompletableFuture<>();
        writer.schedule(() -> {
            try (channel) {
                channel.write(ByteBuffer.wrap(bytes, cutAt, bytes.length - cutAt));
                written.complete(null);
            } catch (IOException e) {
                written.completeExceptionally(new UncheckedIOException(e));
            }
        }, 50, TimeUnit.MILLISECONDS);
        return written;
    }

    /** afterAddFriend at {@code url}, with a timeout no test machine reaches before the test lets go. */
    private static String withAfterFriendAt(String url) {
        return """
                url: %s
                afterAddFriend:
                  enable: true
                  timeout: 60
                """.formatted(url);
    }

    private static String withFriendTimeout(int seconds) {
        return """
                url: %s
                beforeAddFriend:
                  enable: true
                  timeout: %d
                """.formatted(BusinessServer.instance().url(), seconds);
    }

    private KubeletMount mount() {
        return KubeletMount.at(file);
    }

    private static ValidatableResponse addFriend(String operationID) {
        return given().header("operationID", operationID).body(FRIEND).post("/dispatch/beforeAddFriend")
                .then().statusCode(200);
    }

    private static ValidatableResponse webhooksCheck() {
        return given().get("/q/health/ready").then().statusCode(200).rootPath("checks.find { it.name == 'webhooks.yml' }");
    }

    private static double reloads(String result) {
        return Prometheus.value(Prometheus.scrape(), "imhook_webhooks_reloads_total", Map.of("result", result));
    }
}
