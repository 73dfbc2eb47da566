package io.imhook.config.reload;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksFile;
import io.imhook.config.WebhooksSnapshot;
import io.imhook.logging.UrlRedaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Watches an external {@code webhooks.yml} and puts a changed one in force without a restart.
 * <p>
 * It polls: every {@code imhook.webhooks-reload.interval} it reads the file through its path, which follows the
 * symbolic links of a mounted ConfigMap to the current target, and compares the content's SHA-256 with the one in
 * force. A directory {@code WatchService} was not chosen: the kubelet updates a ConfigMap by atomically renaming a
 * new {@code ..data} symlink in the mount directory, so the file's own name never sees an event, only the
 * directory's hidden entries do; a {@code subPath} mount or a symlink to another directory is not seen at all; and
 * the JDK's WatchService polls anyway where the OS has no inotify (macOS). Reading a few kilobytes every few
 * seconds costs nothing and sees every way a file can change.
 * <p>
 * A changed file is put in force only once it has read the same for {@code imhook.webhooks-reload.settle}: it is
 * read again that long after the change was seen, and a content that changed meanwhile starts the wait again. An
 * editor, {@code cp} and {@code cat >} truncate the file and then write it, in one or more writes, and a poll
 * between them reads an empty or a cut file, which may well be valid YAML (a cut before a callback's own
 * {@code url} sends it to the top-level one; a cut before its {@code enable} disables it). A kubelet swap is atomic
 * and waits the settle time once. An empty file, or one with neither a url nor a callback key, is refused as
 * invalid, whatever its age: a writer that stalls longer than the settle time leaves exactly that.
 * <p>
 * A stable changed file is parsed and validated exactly as at start-up. Valid, it replaces the settings atomically and
 * {@link WebhooksReloaded} is fired; invalid, the last good settings keep serving, the error (which names the key
 * and the value) is logged once per refused content, and {@link #refusal()} tells the readiness check.
 */
@Singleton
public class WebhooksWatcher {

    private static final Logger LOG = Logger.getLogger(WebhooksWatcher.class);
    /** The "content" of a file that cannot be read, where a SHA-256 would be. */
    private static final String UNREADABLE = "";

    /** A file on disk that was not put in force. */
    public record Refusal(String sha256, Instant at, String error) {
    }

    private final WebhookSettings settings;
    private final Config appConfig;
    private final ReloadConfig config;
    private final Event<WebhooksReloaded> reloaded;
    private final String location;
    private final Counter applied;
    private final Counter refused;
    private final AtomicReference<Refusal> refusal = new AtomicReference<>();
    /** A changed content seen on disk, not yet put in force because it has not read the same for the settle time. */
    private Unsettled unsettled;
    private volatile ScheduledExecutorService poller;

    /** A content first read at {@code seenAtNanos} ({@link System#nanoTime()}). */
    private record Unsettled(String sha256, long seenAtNanos) {
    }

    public WebhooksWatcher(WebhookSettings settings, Config appConfig, ReloadConfig config,
            Event<WebhooksReloaded> reloaded, MeterRegistry registry) {
        this.settings = settings;
        this.appConfig = appConfig;
        this.config = config;
        this.reloaded = reloaded;
        this.location = WebhooksFile.location(appConfig);
        this.applied = Counter.builder("imhook.webhooks.reloads").tag("result", "applied")
                .description("Changes of webhooks.yml seen while running, by whether they were put in force")
                .register(registry);
        this.refused = Counter.builder("imhook.webhooks.reloads").tag("result", "refused")
                .description("Changes of webhooks.yml seen while running, by whether they were put in force")
                .register(registry);
        Gauge.builder("imhook.webhooks.file.refused", refusal, ref -> ref.get() == null ? 0 : 1)
                .description("1 while the webhooks.yml on disk is refused and the last good one serves")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled() || !WebhooksFile.isFile(location)) {
            LOG.debugf("webhooks.yml at %s is not watched", location);
            return;
        }
        long every = Math.max(1, config.interval().toMillis());
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "imhook-webhooks-watch");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
        LOG.infof("webhooks.yml at %s is watched: read every %d ms, put in force when its sha256 changed and then "
                + "read the same for %d ms", location, every, settleMillis());
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** The file on disk that is refused right now, if any; empty once a good file is in force again. */
    public Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal.get());
    }

    /** Whether the file is watched (an external file, and {@code imhook.webhooks-reload.enabled}). */
    public boolean watching() {
        return poller != null;
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.errorf(e, "webhooks.yml at %s: the watch failed; it goes on at the next poll", location);
        }
    }

    /**
     * Reads the file once; what the poller runs. A changed content, or a file that cannot be read (an editor that
     * renames the old file away before it writes the new one), is put in force or refused only when it was already
     * so at least the settle time ago; a new one is remembered and read again after the settle time.
     */
    public synchronized void poll() {
        WebhooksSnapshot inForce = settings.current();
        Refusal current = refusal.get();
        byte[] content;
        try {
            content = WebhooksFile.read(location);
        } catch (RuntimeException e) {
            if ((current == null || !current.sha256().equals(UNREADABLE)) && settled(UNREADABLE)) {
                refuse(UNREADABLE, describe(e), inForce);
            }
            return;
        }
        String sha256 = WebhooksSnapshot.sha256(content);
        if (sha256.equals(inForce.sha256())) {
            unsettled = null;
            Refusal previous = refusal.getAndSet(null);
            if (previous != null) {
                LOG.infof("webhooks.yml at %s is back to the content in force (sha256 %s)", location, sha256);
            }
            return;
        }
        if (current != null && current.sha256().equals(sha256)) {
            unsettled = null;
            return;
        }
        if (!settled(sha256)) {
            return;
        }
        WebhooksSnapshot next;
        try {
            next = WebhooksSnapshot.load(location, content, appConfig);
        } catch (RuntimeException e) {
            refuse(sha256, describe(e), inForce);
            return;
        }
        WebhooksSnapshot previous = settings.replace(next);
        refusal.set(null);
        applied.increment();
        SnapshotDiff diff = SnapshotDiff.between(previous, next);
        LOG.infof("webhooks.yml reloaded from %s: sha256 %s (was %s), %d of %d callbacks enabled; %s", location,
                next.sha256(), previous.sha256(), next.enabledCallbacks(), next.all().size(), diff.summary());
        reloaded.fire(new WebhooksReloaded(previous, next, diff));
    }

    /**
     * Whether the file has read as {@code sha256} ({@link #UNREADABLE}: not at all) since at least the settle time;
     * a new state is remembered, and the file read again once the settle time has passed.
     */
    private boolean settled(String sha256) {
        long now = System.nanoTime();
        if (unsettled == null || !unsettled.sha256().equals(sha256)) {
            unsettled = new Unsettled(sha256, now);
            LOG.debugf("webhooks.yml at %s changed (sha256 %s); read again in %d ms, put in force if unchanged",
                    location, sha256.equals(UNREADABLE) ? "none: unreadable" : sha256, settleMillis());
            readAgainAfterSettling();
            return false;
        }
        if (now - unsettled.seenAtNanos() < TimeUnit.MILLISECONDS.toNanos(settleMillis())) {
            return false;
        }
        unsettled = null;
        return true;
    }

    /** The extra read that puts a change in force one settle time after it was seen, not a whole interval later. */
    private void readAgainAfterSettling() {
        ScheduledExecutorService running = poller;
        if (running != null && !running.isShutdown()) {
            running.schedule(this::pollSafely, settleMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private long settleMillis() {
        return Math.max(1, config.settle().toMillis());
    }

    private void refuse(String sha256, String error, WebhooksSnapshot inForce) {
        refusal.set(new Refusal(sha256, Instant.now(), error));
        refused.increment();
        LOG.errorf("webhooks.yml at %s refused (sha256 %s): %s; the settings loaded at %s (sha256 %s) keep serving",
                location, sha256.equals(UNREADABLE) ? "none" : sha256, error, inForce.loadedAt(), inForce.sha256());
    }

    /** The error in one line: SmallRye's validation message lists each bad key and value on a line of its own. */
    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        // shown by the open readiness check and /dispatch/settings: a url may carry a token or a password
        return UrlRedaction.redactUrlsIn(message.replaceAll("\\s*\\R\\s*", " ").trim());
    }
}
