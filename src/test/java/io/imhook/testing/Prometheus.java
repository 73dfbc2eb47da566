package io.imhook.testing;

import static io.imhook.testing.JsonApi.given;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of the Prometheus text that {@code /q/metrics} answers. */
public final class Prometheus {

    /**
     * {@code name{labels} value [timestamp]}, and an OpenTelemetry exemplar after {@code #} when the sample was
     * recorded inside a span ({@code # {span_id="…",trace_id="…"} 1.0 1764583200.123}).
     */
    private static final Pattern SAMPLE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[^}\"]|\"(?:[^\"\\\\]|\\\\.)*\")*)})?\\s+(\\S+)(?:\\s+\\d+)?(?:\\s+#.*)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private Prometheus() {
    }

    /** What {@code action} changed at {@code /q/metrics}. */
    public static Change change(Runnable action) {
        String before = scrape();
        action.run();
        return new Change(before, scrape());
    }

    /** Two scrapes, around an action. */
    public record Change(String before, String after) {

        /** How much the samples called {@code name} with {@code labels} moved (see {@link #value}). */
        public double of(String name, Map<String, String> labels) {
            return value(after, name, labels) - value(before, name, labels);
        }
    }

    /** Scrapes {@code /q/metrics} of the app under test. */
    public static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The sum of the samples called {@code name} that carry all of {@code labels} (and maybe others); 0 when there
     * is none, which is what Prometheus means by a counter not yet created.
     */
    public static double value(String scrape, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (sample.matches() && sample.group(1).equals(name) && labelsOf(sample.group(2)).entrySet()
                    .containsAll(labels.entrySet())) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }

    /** Whether there is a sample called {@code name}. */
    public static boolean has(String scrape, String name) {
        return scrape.lines().map(String::strip).map(SAMPLE::matcher)
                .anyMatch(sample -> sample.matches() && sample.group(1).equals(name));
    }

    private static Map<String, String> labelsOf(String labels) {
        Map<String, String> map = new HashMap<>();
        if (labels != null) {
            Matcher label = LABEL.matcher(labels);
            while (label.find()) {
                map.put(label.group(1), label.group(2));
            }
        }
        return map;
    }
}
