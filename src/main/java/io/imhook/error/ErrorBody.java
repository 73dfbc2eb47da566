package io.imhook.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of every 4xx/5xx answer: what went wrong, and where.
 *
 * @param error a stable code: {@code badRequest}, {@code notFound}, {@code unknownCallback},
 *        {@code unknownCommand}, {@code queueFull}, ...
 * @param field the offending field of the request body, where there is one
 * @param valid the accepted values, where the request named something unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String field, List<String> valid) {

    public static ErrorBody of(String error, String message) {
        return new ErrorBody(error, message, null, null);
    }
}
