package io.imhook.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OperationIdsTest {

    @ParameterizedTest
    @ValueSource(strings = { "op-1", "a", "9f1c0e2a-7b3d-4c5e-8f90-123456789abc", "!~{}[]:;\"'", "" })
    void visibleAsciiUpTo128IsValidAndEmptyMeansNone(String value) {
        assertThat(OperationIds.problem(value)).isEmpty();
        assertThat(OperationIds.problem("x".repeat(128))).isEmpty();
        assertThat(OperationIds.problem(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "op 1", "op\t1", "op\u0000", "op\u007f", "op\n", "\u00e9t\u00e9", "\u4f60\u597d" })
    void anythingElseNamesTheHeader(String value) {
        assertThat(OperationIds.problem(value)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("header operationID must be visible ASCII"));
    }

    @ParameterizedTest
    @ValueSource(ints = { 129, 20_000 })
    void longerThan128IsRefused(int length) {
        assertThat(OperationIds.problem("x".repeat(length))).hasValue(
                "header operationID must be at most 128 characters, not " + length);
    }
}
