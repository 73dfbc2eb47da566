package io.imhook.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** One row of {@code expected-callbacks.tsv}: the spec's own account of a callback, kept apart from the catalogue. */
public record ExpectedCallback(String key, String command, boolean before, List<String> fields) {

    @Override
    public String toString() {
        return key;
    }

    /**
     * The field names of a body that reached the business server, checked against this row: first exactly the
     * callback's own fields, in wire order; after them only fields the caller sent that the callback has none of
     * (matched case-insensitively, as Go reads them), in the order they came. Which of those the callback's
     * record knows but leaves out (the catalogue's omissions) is the catalogue's business, not this table's.
     */
    public void assertArrivedAs(JsonNode arrived, JsonNode sent) {
        List<String> arrivedNames = new ArrayList<>();
        arrived.fieldNames().forEachRemaining(arrivedNames::add);
        assertThat(arrivedNames).as("the callback's own fields, in wire order")
                .startsWith(fields.toArray(String[]::new));
        List<String> own = fields.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
        List<String> foreign = new ArrayList<>();
        sent.fieldNames().forEachRemaining(name -> {
            if (!own.contains(name.toLowerCase(Locale.ROOT))) {
                foreign.add(name);
            }
        });
        assertThat(foreign).as("the fields passed on that the callback does not have")
                .containsSubsequence(arrivedNames.subList(fields.size(), arrivedNames.size()));
    }

    public static List<ExpectedCallback> all() {
        try (var in = ExpectedCallback.class.getResourceAsStream("/expected-callbacks.tsv");
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t"))
                    .map(cols -> new ExpectedCallback(cols[0], cols[1], cols[2].equals("B"),
                            List.of(cols[3].split(","))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
