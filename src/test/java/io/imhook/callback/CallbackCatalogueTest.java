package io.imhook.callback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import io.imhook.testing.ExpectedCallback;

class CallbackCatalogueTest {

    @Test
    void holdsTheFiftyThreeKeysOfOpenImsWebhooksYml() {
        assertThat(CallbackCatalogue.all()).hasSize(53);
        assertThat(CallbackCatalogue.keys())
                .containsExactlyInAnyOrderElementsOf(ExpectedCallback.all().stream().map(ExpectedCallback::key).toList());
        assertThat(CallbackCatalogue.all().stream().filter(CallbackType::isBefore)).hasSize(23);
    }

    @ParameterizedTest
    @MethodSource("io.imhook.testing.ExpectedCallback#all")
    void commandAndPhaseMatchTheSpec(ExpectedCallback expected) {
        CallbackType type = CallbackCatalogue.byKey(expected.key()).orElseThrow();
        assertThat(type.command()).isEqualTo(expected.command());
        assertThat(type.isBefore()).isEqualTo(expected.before());
        assertThat(CallbackCatalogue.byCommand(expected.command())).contains(type);
    }
}
