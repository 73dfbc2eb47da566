package io.imhook.console;

import static io.imhook.testing.JsonApi.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.imhook.testing.Browser;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.Callers;
import io.imhook.testing.FreePort;
import io.imhook.testing.PackagedApp;

/**
 * The console in a real browser (headless Chromium) against the packaged app: one app for the console as shipped
 * (no token), a second with API tokens and a moved path, a third with the console disabled. Each test saves a
 * screenshot under {@code target/console-screenshots/}.
 */
class ConsoleBrowserIT {

    private static final String SINGLE_MSG = "{\"sendID\":\"u1\",\"recvID\":\"u2\",\"sessionType\":1,"
            + "\"contentType\":101,\"content\":\"{\\\"content\\\":\\\"hi\\\"}\"}";
    /** Within what a poll (1.5 s) and a loaded machine take; the issue's bound for a decision to show. */
    private static final Duration SHOWS_WITHIN = Duration.ofSeconds(3);
    private static final Duration AT_MOST = Duration.ofSeconds(30);
    private static final String TOKEN = "console-browser-test-token-5d1e";

    @TempDir
    static Path dir;
    private static final BusinessServer server = BusinessServer.instance();
    private static Browser browser;
    private static PackagedApp app;
    private static int port;
    private String testName;

    @BeforeAll
    static void start() throws IOException {
        browser = Browser.start();
        port = FreePort.pick();
        app = PackagedApp.start(environment(port, Map.of()));
        app.awaitReady(port);
    }

    /** The console's app: a stalled business server opens the breaker after four timeouts, until a reset. */
    private static Map<String, String> environment(int port, Map<String, String> extra) throws IOException {
        Path file = dir.resolve("webhooks.yml");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    url: %s
                    beforeSendSingleMsg:
                      enable: true
                      timeout: 5
                      failedContinue: true
                    beforeAddFriend:
                      enable: true
                      timeout: 1
                      failedContinue: true
                    beforeUpdateUserInfoEx:
                      enable: true
                      timeout: 60
                      failedContinue: true
                    afterQuitGroup:
                      enable: true
                      timeout: 5
                    """.formatted(server.url()));
        }
        Map<String, String> environment = new HashMap<>(Map.of("IMHOOK_WEBHOOKS_FILE", file.toString(),
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "IMHOOK_DISPATCH_CIRCUIT_BREAKER_REQUEST_VOLUME_THRESHOLD", "4",
                "IMHOOK_DISPATCH_CIRCUIT_BREAKER_FAILURE_RATIO", "0.5",
                "IMHOOK_DISPATCH_CIRCUIT_BREAKER_DELAY", "60s",
                "IMHOOK_DISPATCH_CIRCUIT_BREAKER_SUCCESS_THRESHOLD", "1"));
        environment.putAll(extra);
        return environment;
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void name(TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
        browser.consoleEntries();
    }

    @AfterEach
    void screenshotAndRelease() throws IOException {
        browser.screenshot(testName);
        server.release();
        given().port(port).post("/admin/circuit-breakers/reset").then().statusCode(200);
    }

    private ChromeDriver driver() {
        return browser.driver();
    }

    private WebDriverWait waiting(Duration atMost) {
        WebDriverWait wait = new WebDriverWait(driver(), atMost, Duration.ofMillis(50));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Opens the console and waits for its first update. */
    private void open(int at, String path) {
        driver().get("http://localhost:" + at + path);
        waiting(AT_MOST).until(d -> d.findElement(By.id("status")).getText().startsWith("updated"));
    }

    /** The row of {@code table} with a cell whose text is exactly {@code text}. */
    private Optional<WebElement> row(String table, String text) {
        return driver().findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .filter(tr -> tr.findElements(By.tagName("td")).stream().anyMatch(td -> text.equals(td.getText())))
                .findFirst();
    }

    private long ledger(String name) {
        for (WebElement entry : driver().findElements(By.cssSelector("#ledger div"))) {
            if (entry.findElement(By.tagName("dt")).getText().equals(name)) {
                return Long.parseLong(entry.findElement(By.tagName("dd")).getText());
            }
        }
        throw new AssertionError("no " + name + " in the ledger");
    }

    @Test
    void thePageLoadsWithNoErrorInTheBrowserConsole() {
        open(port, "/console");

        waiting(AT_MOST).until(d -> !d.findElements(By.cssSelector("#chart-decisions canvas")).isEmpty()
                && !d.findElements(By.cssSelector("#callbacks-table tbody tr")).isEmpty());
        assertThat(driver().findElements(By.cssSelector("#callbacks-table tbody tr"))).hasSize(53);
        List<LogEntry> problems = browser.consoleEntries().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(problems).as("browser console").isEmpty();
    }

    @Test
    void aDecisionMadeWithCurlShowsInRecentWithinThreeSecondsAndItsDetailOpens() throws Exception {
        open(port, "/console");
        String operationID = BusinessServer.operationId("browser-curl");
        server.answer(operationID, BusinessServer.ALLOW);

        // the caller's trace context, which reaches the business server unchanged when no collector is configured
        String traceparent = "00-" + operationID.substring(operationID.length() - 36).replace("-", "")
                + "-00f067aa0ba902b7-01";
        Process curl = new ProcessBuilder("curl", "-s", "-X", "POST",
                "http://localhost:" + port + "/dispatch/beforeSendSingleMsg", "-H", "Content-Type: application/json",
                "-H", "operationID: " + operationID, "-H", "traceparent: " + traceparent, "-d", SINGLE_MSG)
                .redirectErrorStream(true).start();
        String answer = new String(curl.getInputStream().readAllBytes());
        assertThat(curl.waitFor()).as(answer).isZero();
        assertThat(answer).contains("\"outcome\":\"allowed\"");

        WebElement row = waiting(SHOWS_WITHIN).until(d -> row("recent-table", operationID).orElse(null));
        row.click();

        waiting(AT_MOST).until(d -> d.findElement(By.id("detail")).isDisplayed()
                && d.findElement(By.id("detail-fields")).getText().contains(operationID));
        String detail = driver().findElement(By.id("detail")).getText();
        assertThat(detail).contains(server.url() + "/callbackBeforeSendSingleMsgCommand")
                .contains(BusinessServer.ALLOW.length() + " bytes").contains("traceparent").contains(traceparent);
    }

    @Test
    void aDeadLetterFromA400IsReplayedAndTheLedgerMoves() throws IOException {
        open(port, "/console");
        String operationID = BusinessServer.operationId("browser-dead");
        server.answer(operationID, 400, BusinessServer.ALLOW);
        given().port(port).header("operationID", operationID)
                .body("{\"groupID\":\"" + operationID + "\",\"userID\":\"u1\"}").post("/dispatch/afterQuitGroup")
                .then().statusCode(202);

        WebElement letter = waiting(AT_MOST).until(d -> row("dead-table", operationID).orElse(null));
        assertThat(letter.getText()).contains("business server answered HTTP 400");
        long delivered = ledger("delivered");
        browser.screenshot(testName + "-before-replay");
        server.release();

        letter.findElement(By.xpath(".//button[text()='Replay']")).click();

        assertThat(server.awaitRequests(operationID, 2)).hasSize(2);
        waiting(AT_MOST).until(d -> ledger("delivered") > delivered && row("dead-table", operationID).isEmpty());
    }

    @Test
    void aBreakerOpenedByAStalledServerShowsOpenAndResetClosesIt() {
        open(port, "/console");
        String origin = server.url().replace("/cb", "");
        String hanging = BusinessServer.operationId("browser-breaker");
        server.neverAnswer(hanging);
        try (Callers callers = new Callers(4)) {
            callers.start(() -> given().port(port).header("operationID", hanging)
                    .body("{\"fromUserID\":\"u1\",\"toUserID\":\"u2\"}").post("/dispatch/beforeAddFriend")
                    .statusCode()).forEach(call -> assertThat(call.join()).isEqualTo(200));
        }

        WebElement server = waiting(AT_MOST).until(d -> row("servers-table", origin)
                .filter(tr -> tr.getText().contains("OPEN")).orElse(null));
        assertThat(server.findElement(By.cssSelector(".breaker")).getText()).isEqualTo("OPEN");

        server.findElement(By.xpath(".//button[text()='Reset']")).click();

        waiting(AT_MOST).until(d -> row("servers-table", origin)
                .map(tr -> tr.findElement(By.cssSelector(".breaker")).getText().equals("CLOSED")).orElse(false));
    }

    @Test
    void beforeCallbacksHeldByTheServerShowAsBulkheadSlotsInUseUntilReleased() {
        open(port, "/console");
        String origin = server.url().replace("/cb", "");
        String held = BusinessServer.operationId("browser-slots");
        server.neverAnswer(held);
        int inFlight = 3;
        try (Callers callers = new Callers(inFlight)) {
            // beforeUpdateUserInfoEx times out after 60 s here: the calls stay in flight until the release
            List<CompletableFuture<Integer>> calls = callers.start(() -> given().port(port)
                    .header("operationID", held).body("{\"userID\":\"u1\"}")
                    .post("/dispatch/beforeUpdateUserInfoEx").statusCode());
            assertThat(server.awaitRequests(held, inFlight)).hasSize(inFlight);

            waiting(AT_MOST).until(d -> row("servers-table", origin).map(tr -> tr.findElement(By.cssSelector(".slots"))
                    .getText().equals("3 / 100 in flight, 0 / 200 waiting")).orElse(false));

            server.release();
            calls.forEach(call -> assertThat(call.join()).isEqualTo(200));
            waiting(AT_MOST).until(d -> row("servers-table", origin).map(tr -> tr.findElement(By.cssSelector(".slots"))
                    .getText().startsWith("0 / 100 in flight")).orElse(false));
        }
    }

    @Test
    void anOperationIdOfMarkupIsShownAsTextAndRunsNothing() {
        open(port, "/console");
        // no spaces: an operationID header is visible ASCII; the HTML parser takes '/' between attributes
        String operationID = "<img/src=x/onerror=alert(1)>" + BusinessServer.operationId("-xss");
        given().port(port).header("operationID", operationID).body(SINGLE_MSG).post("/dispatch/beforeSendSingleMsg")
                .then().statusCode(200);

        WebElement row = waiting(AT_MOST).until(d -> row("recent-table", operationID).orElse(null));
        row.click();
        waiting(AT_MOST).until(d -> d.findElement(By.id("detail-fields")).getText().contains(operationID));

        assertThat(driver().findElements(By.cssSelector("main img"))).as("no element made from the id").isEmpty();
        assertThatThrownBy(() -> driver().switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void withTokensThePageShowsNoDataBeforeSignInAndItsApiRefusesRequestsWithoutTheToken() throws Exception {
        int securedPort = FreePort.pick();
        try (PackagedApp secured = PackagedApp.start(environment(securedPort, Map.of("IMHOOK_API_TOKENS", TOKEN,
                "IMHOOK_GATEWAY_OPEN", "true", "IMHOOK_CONSOLE_PATH", "/ops/console")))) {
            secured.awaitReady(securedPort);
            driver().get("http://localhost:" + securedPort + "/ops/console");

            waiting(AT_MOST).until(d -> d.findElement(By.id("sign-in")).isDisplayed());
            assertThat(driver().findElement(By.id("console")).isDisplayed()).isFalse();
            assertThat(driver().findElements(By.cssSelector("tbody tr"))).as("no data before sign-in").isEmpty();
            Object status = driver().executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "fetch('/ops/console/api/recent').then(function (r) { done(r.status); });");
            assertThat(status).isEqualTo(401L);
            given().port(securedPort).header("Authorization", "Bearer " + TOKEN).get("/console")
                    .then().statusCode(404);
            browser.screenshot(testName + "-sign-in");

            driver().findElement(By.id("token")).sendKeys("not-the-token-but-long-enough");
            driver().findElement(By.cssSelector("#sign-in-form button")).click();
            waiting(AT_MOST).until(d -> d.findElement(By.id("sign-in-error")).getText()
                    .equals("That token was refused."));
            assertThat(driver().findElement(By.id("console")).isDisplayed()).isFalse();

            driver().findElement(By.id("token")).sendKeys(TOKEN);
            driver().findElement(By.cssSelector("#sign-in-form button")).click();

            waiting(AT_MOST).until(d -> d.findElement(By.id("console")).isDisplayed()
                    && d.findElements(By.cssSelector("#callbacks-table tbody tr")).size() == 53);
            assertThat(driver().getCurrentUrl()).doesNotContain(TOKEN);
            assertThat(secured.output()).doesNotContain(TOKEN);
        }
    }

    @Test
    void disabledTheConsoleIsGone() throws Exception {
        int offPort = FreePort.pick();
        try (PackagedApp off = PackagedApp.start(environment(offPort, Map.of("IMHOOK_CONSOLE_ENABLED", "false")))) {
            off.awaitReady(offPort);
            for (String path : List.of("/console", "/console/api/now", "/console/static/console.js")) {
                given().port(offPort).get(path).then().statusCode(404).body("error", equalTo("notFound"));
            }
            given().port(offPort).post("/console/api/business-servers/reset").then().statusCode(404);
            driver().get("http://localhost:" + offPort + "/console");
        }
    }
}
