package io.imhook.security;

import java.util.Optional;

/** What an {@code operationID} header may be: 1 to 128 visible ASCII characters. */
public final class OperationIds {

    public static final int MAX_LENGTH = 128;

    private OperationIds() {
    }

    /**
     * Why {@code value} is not a valid operationID, or empty when it is. A missing or empty header is no problem:
     * the dispatcher generates an id, the receiver records {@code ""}.
     */
    public static Optional<String> problem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > MAX_LENGTH) {
            return Optional.of("header operationID must be at most " + MAX_LENGTH + " characters, not "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.of("header operationID must be visible ASCII characters only; character "
                        + (i + 1) + " is " + String.format("U+%04X", (int) c));
            }
        }
        return Optional.empty();
    }
}
