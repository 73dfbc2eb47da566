package io.imhook.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service as a user starts it: {@code java -jar target/quarkus-app/quarkus-run.jar}, or the native
 * binary when the build is native ({@code -Dnative}).
 */
public final class PackagedApp implements AutoCloseable {

    private final Process process;
    private final Path output;

    private PackagedApp(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts the app with extra environment variables; its output goes to a temporary file. The output is plain
     * log lines, not the JSON lines the packaged app writes by default, so tests can read it as text.
     */
    public static PackagedApp start(Map<String, String> environment) throws IOException {
        return start(environment, Path.of(""));
    }

    /** As {@link #start(Map)}, in {@code directory}: a relative path in a setting is read from there. */
    public static PackagedApp start(Map<String, String> environment, Path directory) throws IOException {
        List<String> command = new ArrayList<>();
        if (Boolean.getBoolean("imhook.native")) {
            command.add(Path.of(System.getProperty("native.image.path")).toAbsolutePath().toString());
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            if (!Boolean.getBoolean("imhook.bench")) {
                // C1 only, as the test JVMs (pom.xml): a test's app lives for seconds, where C2 only competes for
                // the cores; a benchmark runs the JVM as shipped
                command.add("-XX:TieredStopAtLevel=1");
            }
            command.add("-jar");
            command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString());
        }
        Path output = Files.createTempFile("imhook-app", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        builder.environment().putAll(environment);
        return new PackagedApp(builder.start(), output);
    }

    /** Waits for the process to end and gives its exit code, or -1 if it is still running after the wait. */
    public int exitCode(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** Sends SIGTERM, as Kubernetes does, and waits up to {@code seconds} for the exit code (-1: still running). */
    public int terminate(long seconds) throws InterruptedException {
        process.destroy();
        return exitCode(seconds);
    }

    /** SIGKILL, as an OOM kill or a node loss does: no shutdown hook runs. Waits until the process is gone. */
    public void kill() {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** Waits until the app answers HTTP on {@code port}. */
    public void awaitReady(int port) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> io.restassured.RestAssured.given().port(port).get("/q/health/live").statusCode() == 200);
    }

    /** The process id, e.g. to read {@code /proc/<pid>/status}. */
    public long pid() {
        return process.pid();
    }

    public String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(output);
    }
}
