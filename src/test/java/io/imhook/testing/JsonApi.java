package io.imhook.testing;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured as the IM side calls imhook: with {@code Content-Type: application/json}, which the API requires of
 * every request body (415 otherwise; REST Assured would send a string body as {@code text/plain}).
 */
public final class JsonApi {

    private JsonApi() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().contentType(ContentType.JSON);
    }
}
