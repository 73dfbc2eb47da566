package io.imhook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft Kafka broker for tests, without Docker: {@code kafka_2.13} from Maven Central run as a
 * child JVM ({@code kafka.tools.StorageTool format}, then {@code kafka.Kafka}). One per test JVM, started on first
 * use on free ports, its data under {@code target/}; stopped by its PID when the JVM exits. The jars are copied once
 * to {@code target/kafka-broker-lib} from {@code src/test/kafka-broker/pom.xml} by the Maven that runs the build,
 * so a fresh clone needs no extra step. See {@code /work/shared/design/kafka-test-broker.md} for the measurements
 * behind the settings.
 */
public final class KafkaBroker {

    private static final Path LIB = Path.of("target", "kafka-broker-lib").toAbsolutePath();
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static KafkaBroker instance;

    private final Path dir;
    private final int port;
    private final Path properties;
    private Process process;
    private int starts;

    private KafkaBroker() throws IOException, InterruptedException {
        dir = Path.of("target", "kafka-it-" + UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
        Files.createDirectories(dir);
        port = FreePort.pick();
        int controller = FreePort.pick();
        properties = Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // after kill -9 the new incarnation waits for the old session to expire (default 9 s)
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500", ""));
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.console.ref=console",
                "appender.console.type=Console",
                "appender.console.name=console",
                "appender.console.layout.type=PatternLayout",
                "appender.console.layout.pattern=[%d] %p %m (%c)%n",
                "logger.kafka.name=kafka", "logger.kafka.level=WARN",
                "logger.apache.name=org.apache.kafka", "logger.apache.level=WARN",
                "logger.raft.name=kafka.server.KafkaRaftServer", "logger.raft.level=INFO",
                "logger.broker.name=kafka.server.BrokerServer", "logger.broker.level=INFO", ""));
        libraries();
        run(List.of("kafka.tools.StorageTool", "format", "-t", uuid(), "-c", properties.toString()),
                dir.resolve("format.log"));
        start();
    }

    /** The broker of this test JVM, started on first use. */
    public static synchronized KafkaBroker instance() {
        if (instance == null) {
            try {
                instance = new KafkaBroker();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            KafkaBroker started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "kafka-broker-stop"));
        }
        return instance;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until the process is gone. */
    public synchronized void killHard() {
        process.destroyForcibly();
        process.onExit().join();
    }

    /** Starts the broker again on the same ports and data, after {@link #killHard()}; waits until it is ready. */
    public synchronized void restart() {
        if (process.isAlive()) {
            killHard();
        }
        try {
            start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM by PID, then SIGKILL if it is still there after 20 s. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
        if (handle == null) {
            return;
        }
        handle.destroy();
        try {
            handle.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
    }

    private void start() throws IOException, InterruptedException {
        starts++;
        Path log = dir.resolve("broker-" + starts + ".log");
        List<String> command = java(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties")));
        command.add("kafka.Kafka");
        command.add(properties.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("Kafka Server started")) {
                return;
            }
            if (!process.isAlive()) {
                break;
            }
            // the broker writes one line when it is ready; nothing to wait on but its log
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Kafka broker did not start; " + log + ":\n" + tail(log));
    }

    private static List<String> java(List<String> options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        // expanded by the java launcher itself, no shell involved
        command.add(LIB + "/*");
        return command;
    }

    private static String uuid() {
        // the same form as StorageTool random-uuid: 16 random bytes, URL-safe base64 without padding, and, as Kafka's
        // Uuid.randomUuid does, never starting with '-': StorageTool would read "-t -aVv..." as a missing argument
        // (one broker start in 64 failed that way)
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
            bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static void run(List<String> arguments, Path log) throws IOException, InterruptedException {
        List<String> command = java(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(arguments);
        Process format = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", arguments) + "\n" + tail(log));
        }
    }

    /** The broker's jars, copied once from Maven Central by the Maven that runs this build. */
    private static synchronized void libraries() throws IOException, InterruptedException {
        Path complete = LIB.resolve(".complete");
        if (Files.exists(complete)) {
            return;
        }
        String mavenHome = System.getProperty("maven.home");
        Path mvn = mavenHome == null ? Path.of("mvn") : Path.of(mavenHome, "bin", "mvn");
        Path log = Files.createDirectories(LIB.getParent()).resolve("kafka-broker-lib.log");
        Process copy = new ProcessBuilder(mvn.toString(), "-q", "-B", "-ntp", "-f",
                Path.of("src", "test", "kafka-broker", "pom.xml").toAbsolutePath().toString(),
                "dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=" + LIB)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!copy.waitFor(300, TimeUnit.SECONDS) || copy.exitValue() != 0) {
            copy.destroyForcibly();
            throw new IllegalStateException("could not copy the Kafka broker's jars:\n" + tail(log));
        }
        Files.writeString(complete, "");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
