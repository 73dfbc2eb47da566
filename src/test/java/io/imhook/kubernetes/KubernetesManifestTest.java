package io.imhook.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.imhook.config.CallbackSettings;
import io.imhook.config.WebhookSettings;
import io.imhook.config.WebhooksFile;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;

/**
 * The ready-to-apply manifests ({@code docker/kubernetes/imhook.yml}) agree with the app: the port it listens on,
 * the health paths, where the ConfigMap's webhooks.yml is mounted and the setting that points the app at it.
 */
class KubernetesManifestTest {

    static final Path MANIFESTS = Path.of("docker", "kubernetes", "imhook.yml");

    private static Manifests manifests;
    private static Config appConfig;

    @BeforeAll
    static void read() throws Exception {
        manifests = Manifests.read(MANIFESTS);
        appConfig = new SmallRyeConfigBuilder()
                .withSources(new YamlConfigSource(Path.of("src/main/resources/application.yaml").toUri().toURL()))
                .build();
    }

    @Test
    void theContainerListensOnTheAppsPortAndTheServiceForwardsToIt() {
        int httpPort = appConfig.getValue("quarkus.http.port", Integer.class);
        assertThat(manifests.container().at("ports", 0, "containerPort")).isEqualTo(httpPort);
        assertThat(manifests.container().at("ports", 0, "name")).isEqualTo("http");
        assertThat(manifests.kind("Service").at("spec", "ports", 0, "targetPort")).isEqualTo(httpPort);
    }

    @Test
    void theProbesCallSmallRyeHealthOnTheAppsPort() {
        int httpPort = appConfig.getValue("quarkus.http.port", Integer.class);
        Map<String, String> probes = Map.of("livenessProbe", "/q/health/live", "readinessProbe", "/q/health/ready",
                "startupProbe", "/q/health/started");
        probes.forEach((probe, path) -> {
            assertThat(manifests.container().at(probe, "httpGet", "path")).as(probe).isEqualTo(path);
            assertThat(manifests.container().at(probe, "httpGet", "port")).as(probe).isEqualTo(httpPort);
        });
    }

    @Test
    void theAppIsPointedAtTheMountedConfigMap() {
        // the environment variable MicroProfile Config maps to imhook.webhooks-file
        String variable = WebhooksFile.LOCATION_PROPERTY.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
        String location = manifests.env(variable);
        assertThat(location).as(variable).startsWith("/");
        Path file = Path.of(location);

        Manifests.Node mount = manifests.mountAt(file.getParent().toString());
        String configMapName = (String) manifests.volume((String) mount.at("name")).at("configMap", "name");
        assertThat(mount.at("readOnly")).isEqualTo(true);
        assertThat(manifests.configMap(configMapName).at("data")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(file.getFileName().toString());
        // readable by the non-root user the container runs as
        int mode = (Integer) manifests.volume((String) mount.at("name")).at("configMap", "defaultMode");
        assertThat(mode & 0444).isEqualTo(0444);
    }

    @Test
    void theConfigMapCarriesTheShippedWebhooksFileAndItLoads(@TempDir Path dir) throws Exception {
        String location = manifests.env("IMHOOK_WEBHOOKS_FILE");
        String name = Path.of(location).getFileName().toString();
        String yaml = (String) manifests.configMap(configMapOf(location)).at("data", name);
        assertThat(yaml).isEqualTo(Files.readString(Path.of("src/main/resources/webhooks.yml")));

        Path file = Files.writeString(dir.resolve(name), yaml);
        SmallRyeConfig noOverrides = new SmallRyeConfigBuilder().build();
        WebhookSettings settings = new WebhookSettings(WebhooksFile.load(file.toString(), noOverrides));
        assertThat(settings.url()).isEqualTo("http://127.0.0.1:" + appConfig.getValue("quarkus.http.port",
                Integer.class) + appConfig.getOptionalValue("imhook.receiver.base-path", String.class)
                        .orElse("/callbackExample"));
        assertThat(settings.all().values().stream().filter(CallbackSettings::enabled).map(s -> s.type().key()))
                .containsExactly("beforeSendSingleMsg", "beforeSendGroupMsg", "beforeMsgModify");
    }

    @Test
    void theContainerRunsLockedDown() {
        Manifests.Node container = manifests.container();
        assertThat(container.at("securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(container.at("securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(container.at("securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(container.at("securityContext", "capabilities", "drop")).isEqualTo(List.of("ALL"));
        assertThat(manifests.kind("Deployment").at("spec", "template", "spec", "securityContext", "runAsUser"))
                .isEqualTo(1001);
        // a read-only root filesystem needs a writable /tmp
        assertThat(manifests.volume((String) manifests.mountAt("/tmp").at("name")).at("emptyDir")).isNotNull();
    }

    @Test
    void resourcesAreRequestedAndLimited() {
        for (String kind : List.of("requests", "limits")) {
            assertThat(manifests.container().at("resources", kind, "memory")).as(kind).isNotNull();
            assertThat(manifests.container().at("resources", kind, "cpu")).as(kind).isNotNull();
        }
    }

    @Test
    void secretsComeFromAnOptionalSecret() {
        assertThat(manifests.container().at("envFrom", 0, "secretRef", "name")).isEqualTo("imhook-secrets");
        assertThat(manifests.container().at("envFrom", 0, "secretRef", "optional")).isEqualTo(true);
    }

    @Test
    void theSecretCarriesTheSecuritySettingsAsTheAppNamesThem() throws Exception {
        String fragment = Files.readString(Path.of("src/main/kubernetes/kubernetes.yml"));
        for (String property : List.of("imhook.api.tokens", "imhook.signing.secrets",
                "imhook.receiver.signing.secrets")) {
            String variable = property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
            assertThat(fragment).as("the Secret's documented keys").contains(variable);
        }
    }

    @Test
    void aNetworkPolicyLetsOnlyTheImSideAndPrometheusReachThePod() {
        int httpPort = appConfig.getValue("quarkus.http.port", Integer.class);
        Manifests.Node policy = manifests.kind("NetworkPolicy");
        Object podLabels = manifests.kind("Deployment").at("spec", "template", "metadata", "labels");
        @SuppressWarnings("unchecked")
        Map<Object, Object> selected = (Map<Object, Object>) policy.at("spec", "podSelector", "matchLabels");
        @SuppressWarnings("unchecked")
        Map<Object, Object> labels = (Map<Object, Object>) podLabels;
        assertThat(selected).isNotEmpty();
        assertThat(labels).as("the policy selects the Deployment's pods").containsAllEntriesOf(selected);
        assertThat(policy.at("spec", "policyTypes")).isEqualTo(List.of("Ingress"));
        assertThat(policy.list("spec", "ingress")).hasSize(1);
        assertThat(policy.at("spec", "ingress", 0, "ports", 0, "port")).isEqualTo(httpPort);
        List<Manifests.Node> from = policy.list("spec", "ingress", 0, "from");
        assertThat(from).extracting(peer -> peer.at("podSelector", "matchLabels"))
                .contains(Map.of("imhook-client", "true"), Map.of("app.kubernetes.io/name", "prometheus"));
        // no peer that lets everyone in
        assertThat(from).allSatisfy(peer -> assertThat(peer.at("ipBlock")).isNull());
    }

    @Test
    void theDockerfilesExposeTheAppsPortAndRunAsNonRoot() throws Exception {
        int httpPort = appConfig.getValue("quarkus.http.port", Integer.class);
        Pattern user = Pattern.compile("(?m)^USER\\s+(\\d+)");
        for (String dockerfile : List.of("Dockerfile.jvm", "Dockerfile.native", "Dockerfile.native-micro")) {
            String text = Files.readString(Path.of("docker", dockerfile));
            assertThat(text).as(dockerfile).containsPattern("(?m)^EXPOSE " + httpPort + "$");
            Matcher matcher = user.matcher(text);
            assertThat(matcher.find()).as(dockerfile + " USER").isTrue();
            assertThat(Integer.parseInt(matcher.group(1))).as(dockerfile + " USER").isNotZero();
        }
    }

    private static String configMapOf(String location) {
        Manifests.Node mount = manifests.mountAt(Path.of(location).getParent().toString());
        return (String) manifests.volume((String) mount.at("name")).at("configMap", "name");
    }
}
