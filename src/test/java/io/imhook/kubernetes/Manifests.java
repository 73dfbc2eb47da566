package io.imhook.kubernetes;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.Yaml;

/** The Kubernetes resources of one multi-document YAML file, and paths into them. */
final class Manifests {

    private final List<Node> resources;

    private Manifests(List<Node> resources) {
        this.resources = resources;
    }

    static Manifests read(Path file) throws IOException {
        List<Node> resources = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    resources.add(new Node(document));
                }
            }
        }
        return new Manifests(resources);
    }

    /** The resources as plain maps and lists, for comparing two files. */
    List<Object> asData() {
        return resources.stream().map(Node::value).toList();
    }

    Node kind(String kind) {
        return only(resources.stream().filter(resource -> kind.equals(resource.at("kind"))).toList(), kind);
    }

    Node configMap(String name) {
        return only(resources.stream()
                .filter(resource -> "ConfigMap".equals(resource.at("kind")))
                .filter(resource -> name.equals(resource.at("metadata", "name"))).toList(), "ConfigMap " + name);
    }

    /** The Deployment's one container. */
    Node container() {
        return new Node(kind("Deployment").at("spec", "template", "spec", "containers", 0));
    }

    String env(String name) {
        return (String) container().list("env").stream()
                .filter(variable -> name.equals(variable.at("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no environment variable " + name))
                .at("value");
    }

    Node mountAt(String path) {
        return container().list("volumeMounts").stream()
                .filter(mount -> path.equals(mount.at("mountPath")))
                .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
    }

    Node volume(String name) {
        return new Node(kind("Deployment").at("spec", "template", "spec", "volumes")).listOf().stream()
                .filter(volume -> name.equals(volume.at("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static Node only(List<Node> matches, String what) {
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + what + ", found " + matches.size());
        }
        return matches.get(0);
    }

    /** A map, list or scalar of a resource. */
    record Node(Object value) {

        /** Follows map keys (strings) and list indexes (ints); null where the path leads nowhere. */
        Object at(Object... path) {
            Object current = value;
            for (Object step : path) {
                if (step instanceof Integer index && current instanceof List<?> list) {
                    current = index < list.size() ? list.get(index) : null;
                } else if (current instanceof Map<?, ?> map) {
                    current = map.get(step);
                } else {
                    return null;
                }
            }
            return current;
        }

        List<Node> list(Object... path) {
            return new Node(Objects.requireNonNull(at(path), "nothing at " + List.of(path))).listOf();
        }

        private List<Node> listOf() {
            return ((List<?>) value).stream().map(Node::new).toList();
        }
    }
}
