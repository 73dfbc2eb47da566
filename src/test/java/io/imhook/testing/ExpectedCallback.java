package io.imhook.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One row of {@code expected-callbacks.tsv}: the spec's own account of a callback, kept apart from the catalogue. */
public record ExpectedCallback(String key, String command, boolean before, List<String> fields) {

    @Override
    public String toString() {
        return key;
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
