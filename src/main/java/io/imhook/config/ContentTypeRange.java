package io.imhook.config;

/** A content type or an inclusive range of them, as {@code deniedTypes}/{@code allowedTypes} list them. */
public record ContentTypeRange(int from, int to) {

    public boolean contains(int contentType) {
        return contentType >= from && contentType <= to;
    }

    /**
     * Parses {@code "101"} or {@code "200-500"}.
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static ContentTypeRange parse(String text) {
        String value = text.trim();
        int dash = value.indexOf('-', 1);
        try {
            if (dash < 0) {
                int single = Integer.parseInt(value);
                return new ContentTypeRange(single, single);
            }
            int from = Integer.parseInt(value.substring(0, dash).trim());
            int to = Integer.parseInt(value.substring(dash + 1).trim());
            if (from <= to) {
                return new ContentTypeRange(from, to);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a content type or a range like \"200-500\" (from <= to)");
    }
}
