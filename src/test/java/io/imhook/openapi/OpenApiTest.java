package io.imhook.openapi;

import static io.imhook.testing.JsonApi.given;
import static io.imhook.testing.OpenApiDocs.examples;
import static io.imhook.testing.OpenApiDocs.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import io.imhook.testing.BusinessServer;
import io.imhook.testing.BusinessServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code /q/openapi} documents both APIs, with an example per operation that looks like the real answers. */
@QuarkusTest
@WithTestResource(BusinessServerResource.class)
class OpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> OPERATIONS = Map.of(
            "/dispatch", "get",
            "/dispatch/{key}", "post",
            "/{basePath}/{command}", "post",
            "/{basePath}/events", "get",
            "/{basePath}/stats", "get");

    @Test
    void everyOperationIsDescribedWithExamples() throws Exception {
        JsonNode paths = document().path("paths");
        for (Map.Entry<String, String> operation : OPERATIONS.entrySet()) {
            JsonNode op = paths.path(operation.getKey()).path(operation.getValue());
            String name = operation.getValue() + " " + operation.getKey();
            assertThat(op.path("summary").asText()).as(name).isNotBlank();
            assertThat(op.path("tags").size()).as(name).isEqualTo(1);
            assertThat(examples(op.path("responses").path("200"))).as(name + " 200").isNotEmpty();
            if (operation.getValue().equals("post")) {
                assertThat(examples(op.path("requestBody"))).as(name + " request").isNotEmpty();
            }
        }
        assertThat(examples(paths.path("/dispatch/{key}").path("post").path("responses").path("200")))
                .containsExactlyInAnyOrder("allowed", "denied", "modified");
        assertThat(examples(paths.path("/dispatch/{key}").path("post").path("responses").path("202")))
                .containsExactly("queued");
    }

    @Test
    void errorAnswersAreSharedComponentsWithExamples() throws Exception {
        JsonNode document = document();
        Map<String, String> errors = Map.of(
                "/dispatch/{key} 400", "badRequest",
                "/dispatch/{key} 404", "unknownCallback",
                "/dispatch/{key} 503", "queueFull",
                "/{basePath}/{command} 400", "badRequest",
                "/{basePath}/{command} 404", "unknownCommand",
                "/{basePath}/events 400", "badLimit");
        errors.forEach((where, component) -> {
            String[] pathAndStatus = where.split(" ");
            JsonNode operation = document.path("paths").path(pathAndStatus[0]);
            JsonNode response = operation.path(operation.has("post") ? "post" : "get").path("responses")
                    .path(pathAndStatus[1]);
            assertThat(response.path("$ref").asText()).as(where).isEqualTo("#/components/responses/" + component);
            JsonNode declared = document.path("components").path("responses").path(component);
            assertThat(examples(declared)).as(component).isNotEmpty();
            assertThat(declared.path("content").path("application/json").path("schema").path("$ref").asText())
                    .as(component).endsWith("/ErrorBody");
        });
    }

    /**
     * The guard's refusals (io.imhook.security.ApiGuard) are on every operation where they can occur: 414, 431 and
     * a bad operationID (400) everywhere, 401 where the token is needed, 413 and 415 where there is a body.
     */
    @Test
    void theGuardsRefusalsAreDocumentedWhereTheyCanOccur() throws Exception {
        JsonNode document = document();
        JsonNode paths = document.path("paths");
        int operations = 0;
        for (var path = paths.fields(); path.hasNext();) {
            var item = path.next();
            for (String method : List.of("get", "post", "delete", "put")) {
                JsonNode responses = item.getValue().path(method).path("responses");
                if (responses.isMissingNode()) {
                    continue;
                }
                operations++;
                String where = method + " " + item.getKey();
                for (String status : List.of("400", "414", "431")) {
                    assertThat(responses.has(status)).as(where + " " + status).isTrue();
                }
                boolean hasBody = item.getValue().path(method).has("requestBody");
                assertThat(responses.has("413")).as(where + " 413").isEqualTo(hasBody);
                assertThat(responses.has("415")).as(where + " 415").isEqualTo(hasBody);
                boolean open = item.getKey().startsWith("/openim")
                        || (method.equals("post") && item.getKey().equals("/{basePath}/{command}"));
                assertThat(responses.has("401")).as(where + " 401").isEqualTo(!open);
            }
        }
        assertThat(operations).isGreaterThan(5);
        JsonNode dispatch = paths.path("/dispatch/{key}").path("post").path("responses");
        Map.of("401", "unauthorized", "413", "bodyTooLarge", "414", "uriTooLong", "415", "unsupportedMediaType",
                "431", "headersTooLarge").forEach((status, component) -> {
                    assertThat(dispatch.path(status).path("$ref").asText()).as(status)
                            .isEqualTo("#/components/responses/" + component);
                    JsonNode declared = document.path("components").path("responses").path(component);
                    assertThat(examples(declared)).as(component).containsExactly(component);
                    assertThat(declared.path("content").path("application/json").path("schema").path("$ref")
                            .asText()).as(component).endsWith("/ErrorBody");
                });
        // a GET has no 400 of its own: the bad operationID one; a POST's badRequest lists it as an example
        assertThat(paths.path("/dispatch").path("get").path("responses").path("400").path("$ref").asText())
                .isEqualTo("#/components/responses/badOperationId");
        assertThat(examples(document.path("components").path("responses").path("badRequest")))
                .contains("badRequest", "badOperationId");
    }

    /** Each guard example has the fields of the real refusal. */
    @Test
    void theGuardExamplesHaveTheFieldsOfRealRefusals() throws Exception {
        Map<String, io.restassured.response.Response> real = Map.of(
                ApiExamples.UNSUPPORTED_MEDIA_TYPE,
                io.restassured.RestAssured.given().contentType("text/plain").body("x").post("/dispatch/beforeAddBlack"),
                ApiExamples.HEADERS_TOO_LARGE,
                given().header("X-Padding", "p".repeat(20 * 1024)).body("{}").post("/dispatch/beforeAddBlack"),
                ApiExamples.URI_TOO_LONG, given().body("{}").post("/dispatch/beforeAddBlack?p=" + "p".repeat(5000)),
                ApiExamples.BAD_OPERATION_ID,
                given().header("operationID", "o p").body("{}").post("/dispatch/beforeAddBlack"));
        for (var entry : real.entrySet()) {
            JsonNode answer = JSON.readTree(entry.getValue().asString());
            JsonNode example = JSON.readTree(entry.getKey());
            assertThat(fieldNames(example)).as(entry.getKey()).isEqualTo(fieldNames(answer));
            assertThat(example.path("error")).as(entry.getKey()).isEqualTo(answer.path("error"));
        }
        // no token in this profile: the 401 and 413 examples have the fields every refusal has
        for (String example : List.of(ApiExamples.UNAUTHORIZED, ApiExamples.BODY_TOO_LARGE)) {
            assertThat(fieldNames(JSON.readTree(example))).as(example).isEqualTo(Set.of("error", "message"));
        }
    }

    @Test
    void decisionsAreDocumentedAsObjectsNotAsJacksonsGetters() throws Exception {
        JsonNode schemas = document().path("components").path("schemas");
        assertThat(schemas.path("ObjectNode").path("type").asText()).isEqualTo("object");
        assertThat(schemas.has("JsonNode")).isFalse();
        assertThat(schemas.path("Decision").path("properties").path("outcome").path("$ref").asText())
                .endsWith("/Outcome");
    }

    @Test
    void theDispatchExamplesHaveTheFieldsOfARealDecision() throws Exception {
        String real = given().contentType(ContentType.JSON).body(ApiExamples.TEXT_MESSAGE)
                .post("/dispatch/beforeSendSingleMsg").then().statusCode(200).extract().asString();
        Set<String> fields = fieldNames(JSON.readTree(real));
        for (String example : List.of(ApiExamples.ALLOWED, ApiExamples.DENIED, ApiExamples.MODIFIED,
                ApiExamples.QUEUED)) {
            assertThat(fieldNames(JSON.readTree(example))).as(example).isEqualTo(fields);
        }
    }

    @Test
    void theReceiverExamplesHaveTheFieldsOfRealAnswers() throws Exception {
        String operationID = BusinessServer.operationId("openapi");
        String answer = given().header("operationID", operationID).body(ApiExamples.LISTED_WORD_MESSAGE)
                .post("/callbackExample/callbackBeforeSendSingleMsgCommand").then().statusCode(200)
                .extract().asString();
        assertThat(JSON.readTree(answer)).isEqualTo(JSON.readTree(ApiExamples.DENY_ANSWER));
        String events = given().queryParam("operationID", operationID).get("/callbackExample/events")
                .then().statusCode(200).extract().asString();
        assertThat(fieldNames(JSON.readTree(ApiExamples.EVENTS).get(0)))
                .isEqualTo(fieldNames(JSON.readTree(events).get(0)));
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
        given().accept(ContentType.JSON).get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("imhook"));
    }

    private static JsonNode document() throws Exception {
        return JSON.readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
    }
}
