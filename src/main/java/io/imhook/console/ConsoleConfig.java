package io.imhook.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator console ({@code application.yaml}, prefix {@code imhook.console}). */
@ConfigMapping(prefix = "imhook.console")
public interface ConsoleConfig {

    /** Serves the console's page and API, and records decisions for it; false removes both (404) and the recording. */
    @WithDefault("true")
    boolean enabled();

    /** Where the page is served; its API is under {@code {path}/api}, its scripts under {@code {path}/static}. */
    @WithDefault("/console")
    String path();

    /** The path without a trailing slash, with a leading one. */
    default String basePath() {
        return "/" + path().replaceAll("^/+|/+$", "");
    }
}
