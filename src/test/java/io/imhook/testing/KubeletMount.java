package io.imhook.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import io.imhook.config.WebhooksSnapshot;

/**
 * A directory laid out as the kubelet lays out a mounted ConfigMap, and updated as it updates one:
 * <pre>
 * webhooks.yml -&gt; ..data/webhooks.yml
 * ..data -&gt; ..2026_12_01_10_00_00.1
 * ..2026_12_01_10_00_00.1/webhooks.yml
 * </pre>
 * An update writes a new timestamped directory, points a new symlink {@code ..data_tmp} at it and renames that over
 * {@code ..data} (one atomic {@code rename(2)}), then deletes the old directory. The file {@code webhooks.yml}
 * itself is never written.
 */
public final class KubeletMount {

    public static final String FILE = "webhooks.yml";
    private static final AtomicInteger VERSIONS = new AtomicInteger();
    /** Watched every 100 ms ({@link KubeletMountResource}); wide for a loaded machine. */
    private static final Duration IN_FORCE_WITHIN = Duration.ofSeconds(20);

    private final Path dir;

    private KubeletMount(Path dir) {
        this.dir = dir;
    }

    /** A new mount holding {@code yaml}. */
    public static KubeletMount create(String yaml) {
        try {
            KubeletMount mount = new KubeletMount(Files.createTempDirectory("imhook-configmap-"));
            Path first = mount.writeVersion(yaml);
            Files.createSymbolicLink(mount.dir.resolve("..data"), first.getFileName());
            Files.createSymbolicLink(mount.dir.resolve(FILE), Path.of("..data", FILE));
            return mount;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mount at {@code file} (its {@code webhooks.yml}), made by {@link #create}. */
    public static KubeletMount at(String file) {
        return new KubeletMount(Path.of(file).getParent());
    }

    /** The path the service is pointed at. */
    public Path file() {
        return dir.resolve(FILE);
    }

    /** Replaces the content the way the kubelet does: a new directory and an atomic swap of {@code ..data}. */
    public void swap(String yaml) {
        try {
            Path data = dir.resolve("..data");
            Path old = dir.resolve(Files.readSymbolicLink(data));
            Path next = writeVersion(yaml);
            Path tmp = dir.resolve("..data_tmp");
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, next.getFileName());
            Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #swap}s the content and waits until the service under test has put it in force. */
    public void swapAndAwait(String yaml) {
        swap(yaml);
        awaitInForce(yaml);
    }

    /** Waits until the service under test has put {@code yaml} in force, however it was written. */
    public static void awaitInForce(String yaml) {
        String sha256 = WebhooksSnapshot.sha256(yaml);
        Awaitility.await("webhooks.yml " + sha256 + " in force").atMost(IN_FORCE_WITHIN)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> sha256.equals(JsonApi.given().get("/dispatch/settings").then().statusCode(200)
                        .extract().path("sha256")));
    }

    /** Deletes the mount. */
    public void delete() {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeVersion(String yaml) throws IOException {
        Path version = Files.createDirectory(dir.resolve("..2026_12_01_10_00_00." + VERSIONS.incrementAndGet()));
        Files.writeString(version.resolve(FILE), yaml);
        return version;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
