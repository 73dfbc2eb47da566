package io.imhook.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.imhook.config.WebhookSettings;
import io.imhook.logging.UrlRedaction;
import io.quarkus.runtime.StartupEvent;

/** Start-up warnings about where callbacks go: plain http to another host can be read and changed on the way. */
@ApplicationScoped
public class OutboundChecks {

    private static final Logger LOG = Logger.getLogger(OutboundChecks.class);

    void check(@Observes StartupEvent event, WebhookSettings settings) {
        java.util.Set<String> urls = new java.util.TreeSet<>();
        urls.add(settings.url());
        settings.all().values().stream().filter(io.imhook.config.CallbackSettings::enabled)
                .map(callback -> settings.url(callback.type())).forEach(urls::add);
        urls.stream().filter(OutboundChecks::isPlainHttpToAnotherHost).map(UrlRedaction::redact).distinct()
                .forEach(url -> LOG.warnf("webhooks.yml url %s is plain http to a host that is not loopback: "
                        + "callbacks (and their bodies) cross the network unencrypted; use https", url));
    }

    /** http (not https) to a host other than localhost or a loopback address. */
    static boolean isPlainHttpToAnotherHost(String url) {
        URI uri = URI.create(url);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return false;
        }
        // only literal addresses: a name is not resolved at start-up
        if (host.matches("[0-9.]+") || host.startsWith("[")) {
            try {
                return !InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return true;
    }
}
