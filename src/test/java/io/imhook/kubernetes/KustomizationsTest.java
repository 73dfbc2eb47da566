package io.imhook.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every kustomization under {@code docker/} builds, so that {@code kubectl apply -k} works as the README says. The
 * Kafka overlay once listed its own parent directory as a resource, which kustomize refuses as a cycle.
 * <p>
 * Two checks: the structure, always (each resource exists; a directory resource holds a kustomization and is no
 * ancestor of the overlay; every patch targets a kind and name that its resources define), and
 * {@code kubectl kustomize} itself where kubectl is installed.
 */
class KustomizationsTest {

    private static final Path DOCKER = Path.of("docker");

    @Test
    void everyKustomizationResolvesWithoutACycleAndPatchesWhatItsBaseDefines() throws IOException {
        List<Path> kustomizations = kustomizations();
        assertThat(kustomizations).as("kustomizations under docker/")
                .contains(Path.of("docker", "kubernetes"), Path.of("docker", "kubernetes-kafka"));
        for (Path directory : kustomizations) {
            Set<String> defined = resolve(directory, new ArrayList<>());
            for (Map<String, Object> patch : patches(directory)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> target = (Map<String, Object>) patch.get("target");
                assertThat(defined).as(directory + ": a patch targets " + target)
                        .contains(target.get("kind") + "/" + target.get("name"));
            }
        }
    }

    @Test
    void kubectlBuildsEveryKustomization() throws IOException, InterruptedException {
        Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not installed: only the structural check ran");
        for (Path directory : kustomizations()) {
            Process build = new ProcessBuilder("kubectl", "kustomize", directory.toString())
                    .redirectErrorStream(true).start();
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(build.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize " + directory).isTrue();
            assertThat(build.exitValue()).as("kubectl kustomize " + directory + ":\n" + output).isZero();
            assertThat(output).as(directory.toString()).contains("kind: Deployment");
        }
    }

    /** Every directory under docker/ that holds a kustomization. */
    private static List<Path> kustomizations() throws IOException {
        try (Stream<Path> files = Files.walk(DOCKER)) {
            return files.filter(file -> file.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent).sorted().toList();
        }
    }

    /**
     * The {@code kind/name} of every resource the kustomization in {@code directory} accumulates, following
     * directory resources; fails on a missing file and on a directory that is the overlay's ancestor (a cycle).
     */
    private static Set<String> resolve(Path directory, List<Path> visiting) throws IOException {
        Path here = directory.toAbsolutePath().normalize();
        for (Path visited : visiting) {
            assertThat(visited.startsWith(here)).as(visited + " lists " + here + ", which contains it: a cycle")
                    .isFalse();
        }
        visiting.add(here);
        Set<String> defined = new HashSet<>();
        for (Object entry : list(kustomization(directory), "resources")) {
            Path resource = here.resolve(entry.toString()).normalize();
            assertThat(resource).as(directory + ": resource " + entry).exists();
            if (Files.isDirectory(resource)) {
                assertThat(resource.resolve("kustomization.yaml")).as(directory + ": resource " + entry).exists();
                defined.addAll(resolve(resource, visiting));
            } else {
                defined.addAll(kindsAndNames(resource));
            }
        }
        visiting.remove(here);
        return defined;
    }

    private static Set<String> kindsAndNames(Path file) throws IOException {
        Set<String> defined = new HashSet<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document instanceof Map<?, ?> resource && resource.get("metadata") instanceof Map<?, ?> meta) {
                    defined.add(resource.get("kind") + "/" + meta.get("name"));
                }
            }
        }
        return defined;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> patches(Path directory) throws IOException {
        return (List<Map<String, Object>>) (List<?>) list(kustomization(directory), "patches");
    }

    private static Map<String, Object> kustomization(Path directory) throws IOException {
        try (Reader reader = Files.newBufferedReader(directory.resolve("kustomization.yaml"))) {
            return new Yaml().load(reader);
        }
    }

    private static List<?> list(Map<String, Object> kustomization, String field) {
        Object value = kustomization.get(field);
        return value instanceof List<?> entries ? entries : List.of();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
    }
}
