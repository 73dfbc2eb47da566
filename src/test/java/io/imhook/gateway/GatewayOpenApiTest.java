package io.imhook.gateway;

import static io.imhook.testing.JsonApi.given;
import static io.imhook.testing.OpenApiDocs.examples;
import static io.imhook.testing.OpenApiDocs.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.imhook.openapi.ApiExamples;
import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /q/openapi} documents the gateway like the other APIs, with examples shaped like its real answers. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class GatewayOpenApiTest {

    private final BusinessServer server = BusinessServer.instance();

    @AfterEach
    void release() {
        server.release();
    }

    @Test
    void theGatewayIsDocumentedWithExamplesAndTheSharedErrorAnswers() throws Exception {
        JsonNode operation = GatewayTesting.JSON.readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString()).path("paths").path("/openim/{command}").path("post");

        assertThat(operation.path("summary").asText()).isNotBlank();
        assertThat(operation.path("tags").get(0).asText()).isEqualTo(ApiExamples.GATEWAY_TAG);
        assertThat(examples(operation.path("requestBody"))).isNotEmpty();
        assertThat(examples(operation.path("responses").path("200")))
                .containsExactly("allowed", "denied", "failed, failedContinue false");
        assertThat(examples(operation.path("responses").path("400"))).containsExactly("badRequest");
        assertThat(examples(operation.path("responses").path("404"))).containsExactly("unknownCommand", "notFound");
        assertThat(operation.path("responses").path("503").path("$ref").asText()).endsWith("/queueFull");
    }

    @Test
    void theExamplesHaveTheFieldsOfRealAnswers() throws Exception {
        String opId = BusinessServer.operationId("gw-openapi");
        server.answer(opId, "{\"actionCode\":0,\"nextCode\":0,\"groupName\":\"[Team] Team\"}");
        String allowed = new OpenImClient("/openim").post("callbackBeforeSetGroupInfoCommand", opId,
                ApiExamples.SET_GROUP_INFO).then().statusCode(200).extract().asString();
        assertThat(GatewayTesting.json(allowed)).isEqualTo(GatewayTesting.json(ApiExamples.GATEWAY_ALLOWED));

        String bad = new OpenImClient("/openim").post("callbackBeforeAddBlackCommand", opId,
                "{\"ownerUserID\":1}").then().statusCode(400).extract().asString();
        assertThat(fieldNames(GatewayTesting.json(bad)))
                .isEqualTo(fieldNames(GatewayTesting.json(ApiExamples.GATEWAY_BAD_REQUEST)));
        String unknown = new OpenImClient("/openim").post("callbackTeleportCommand", opId, "{}")
                .then().statusCode(404).extract().asString();
        assertThat(fieldNames(GatewayTesting.json(unknown)))
                .isEqualTo(fieldNames(GatewayTesting.json(ApiExamples.GATEWAY_UNKNOWN_COMMAND)));
        String notFound = new OpenImClient("/openim/extra").post("callbackBeforeAddBlackCommand", opId, "{}")
                .then().statusCode(404).extract().asString();
        assertThat(fieldNames(GatewayTesting.json(notFound)))
                .isEqualTo(fieldNames(GatewayTesting.json(ApiExamples.GATEWAY_NOT_THE_GATEWAY)));
        assertThat(fieldNames(GatewayTesting.json(ApiExamples.GATEWAY_BLOCKED)))
                .isEqualTo(fieldNames(GatewayTesting.json(ApiExamples.ALLOW_ANSWER)));
    }
}
