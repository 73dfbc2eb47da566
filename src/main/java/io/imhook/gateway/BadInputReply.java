package io.imhook.gateway;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The 400 answer to a body the gateway cannot read, and the 404 answer to a path under the gateway that is not its
 * url: the problem, as {@link io.imhook.error.ErrorBody} names it, and the reply fields OpenIM acts on, because
 * OpenIM reads the body and ignores the status.
 *
 * @param field the offending field of the request body, where there is one
 * @param valid the callbackCommand strings imhook knows, where the command was not one of them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BadInputReply(String error, String message, String field, int actionCode, int errCode, String errMsg,
        String errDlt, int nextCode, List<String> valid) {
}
