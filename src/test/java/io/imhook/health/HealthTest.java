package io.imhook.health;

import static io.imhook.testing.JsonApi.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The probes Kubernetes calls: {@code /q/health/live}, {@code /q/health/ready}, {@code /q/health/started}. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class HealthTest {

    @Test
    void liveWhileItAnswers() {
        given().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'imhook' }.status", equalTo("UP"));
    }

    @Test
    void readyReportsTheLoadedWebhooksFileAndAnIdleQueue() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("webhooks.yml", "after-queue"))
                .body("checks.find { it.name == 'webhooks.yml' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'webhooks.yml' }.data.file", equalTo("classpath:webhooks-test.yml"))
                .body("checks.find { it.name == 'webhooks.yml' }.data.url",
                        // scheme, host and port only: a token in the url's path stays hidden
                        equalTo(io.imhook.logging.UrlRedaction.redact(BusinessServer.instance().url())))
                .body("checks.find { it.name == 'webhooks.yml' }.data.enabledCallbacks", equalTo(53))
                .body("checks.find { it.name == 'after-queue' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'after-queue' }.data.capacity", equalTo(10000))
                .body("checks.find { it.name == 'after-queue' }.data.overloadedAt", equalTo(9000));
    }

    @Test
    void startedOnceTheWebhooksFileIsLoaded() {
        given().get("/q/health/started")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'webhooks.yml' }.status", equalTo("UP"));
    }
}
