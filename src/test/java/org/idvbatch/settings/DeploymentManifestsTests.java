package org.idvbatch.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.idvbatch.SlowTest;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * The unit files of config/systemd and the manifests of config/kubernetes, as shipped: systemd-analyze verifies the
 * units; the daemon's service is hardened and may write only its data and reports directories; every environment
 * variable they set is one idv-batch reads, every setting they give is one it binds; the commands they run exist; the
 * probes ask health groups the daemon defines; the grace period outlasts a chunk. (That the daemon answers those probe
 * paths anonymously is DaemonExpositionAfterADemoNightTests'.)
 */
@SlowTest
@SuppressWarnings("unchecked")
class DeploymentManifestsTests {

    static final Path SYSTEMD = Path.of("config/systemd");
    static final Path KUBERNETES = Path.of("config/kubernetes");
    static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
    static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

    @Test
    void systemdAnalyzeVerifiesEveryUnit() throws Exception {
        if (!Files.isExecutable(SYSTEMD_ANALYZE)) {
            String why = SYSTEMD_ANALYZE + " is missing (Debian's systemd)";
            if (System.getenv("CI") != null) {
                Assertions.fail(why + " on CI");
            }
            Assumptions.abort(why);
        }
        // verify resolves Unit= and ExecStart= (the JVM, /usr/bin/java, must exist; the jar need not)
        assertThat(Path.of("/usr/bin/java")).as("ExecStart's binary").isExecutable();
        Path dir = Files.createTempDirectory("idv-units-");
        List<String> units = new ArrayList<>();
        try (Stream<Path> files = Files.list(SYSTEMD)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".service") || f.toString().endsWith(".timer"))
                    .sorted().toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
                units.add(f.getFileName().toString());
            }
        }
        assertThat(units).contains("idv-batch.service", "idv-batch-nightly.service", "idv-batch-nightly.timer",
                "idv-batch-harvest.service", "idv-batch-harvest.timer");
        List<String> command = new ArrayList<>(List.of(SYSTEMD_ANALYZE.toString(), "verify", "--man=no"));
        command.addAll(units);
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("systemd-analyze verify").isBlank();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void theDaemonsServiceIsHardenedAndWritesOnlyItsDataAndReports() throws Exception {
        Map<String, List<String>> s = unit(SYSTEMD.resolve("idv-batch.service"));
        assertThat(s.get("User")).containsExactly("idv-batch");
        assertThat(s.get("NoNewPrivileges")).containsExactly("yes");
        assertThat(s.get("PrivateTmp")).containsExactly("yes");
        assertThat(s.get("ProtectSystem")).containsExactly("strict");
        assertThat(s.get("ProtectHome")).containsExactly("yes");
        assertThat(s.get("ReadWritePaths")).containsExactly("/var/lib/idv-batch/data /var/lib/idv-batch/reports");
        assertThat(s.get("EnvironmentFile")).containsExactly("/etc/idv-batch/idv-batch.env");
        assertThat(s.get("Environment")).contains("IDV_DATA_DIR=/var/lib/idv-batch/data");
        assertThat(s.get("ExecStart").get(0)).contains(" daemon ", "--idv.reports.dir=/var/lib/idv-batch/reports");
        assertThat(Duration.ofSeconds(Long.parseLong(s.get("TimeoutStopSec").get(0)))).isGreaterThan(chunkBound());
        for (String timer : List.of("idv-batch-nightly", "idv-batch-harvest")) {
            Map<String, List<String>> t = unit(SYSTEMD.resolve(timer + ".timer"));
            assertThat(t.get("Unit")).containsExactly(timer + ".service");
            Map<String, List<String>> svc = unit(SYSTEMD.resolve(timer + ".service"));
            assertThat(svc.get("ReadWritePaths")).isEqualTo(s.get("ReadWritePaths"));
            assertThat(svc.get("User")).containsExactly("idv-batch");
        }
        assertThat(unit(SYSTEMD.resolve("idv-batch-nightly.timer")).get("OnCalendar"))
                .containsExactly("*-*-* 02:00:00 Asia/Shanghai");
        for (String f : List.of("idv-batch.service", "idv-batch-nightly.service", "idv-batch-harvest.service")) {
            assertThat(commandsExist(unit(SYSTEMD.resolve(f)).get("ExecStart").get(0))).as(f).isTrue();
        }
    }

    @Test
    void everyVariableOfTheEnvironmentFileAndTheSecretIsOneIdvBatchReads() throws Exception {
        Set<String> read = variablesRead();
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(SYSTEMD.resolve("idv-batch.env"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(line).as("an empty template: no value is shipped").matches("[A-Z][A-Z0-9_]*=");
                names.add(line.substring(0, line.indexOf('=')));
            }
        }
        Map<String, Object> secret = doc(KUBERNETES.resolve("idv-batch.yaml"), "Secret");
        names.addAll(((Map<String, Object>) secret.get("stringData")).keySet());
        assertThat(names).contains("IDV_DB_URL", "IDV_IDENTITY_HMAC_KEY", "IDV_ARCHIVE_KEK", "IDV_TENCENT_SECRET_KEY");
        for (String name : names) {
            assertThat(read).as(name).contains(name);
        }
        for (Object value : ((Map<String, Object>) secret.get("stringData")).values()) {
            String v = String.valueOf(value);
            assertThat(v.isEmpty() || v.startsWith("jdbc:postgresql://") || v.equals("idv"))
                    .as("no secret value is shipped: " + v).isTrue();
        }
    }

    @Test
    void theKubernetesManifestsRunRealCommandsWithKnownSettingsAndProbesOnHealthGroups() throws Exception {
        Path manifests = KUBERNETES.resolve("idv-batch.yaml");
        Map<String, Object> deployment = doc(manifests, "Deployment");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment
                .get("spec")).get("template")).get("spec");
        assertThat(Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue()))
                .isGreaterThan(chunkBound());
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertThat(commandsExist("idv-batch.jar " + String.join(" ", (List<String>) container.get("args")))).isTrue();
        Set<String> groups = healthGroups();
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            Map<String, Object> get = (Map<String, Object>) ((Map<String, Object>) container.get(probe)).get("httpGet");
            String path = String.valueOf(get.get("path"));
            assertThat(path).as(probe).startsWith("/actuator/health/");
            assertThat(groups).as(probe + " " + path).contains(path.substring("/actuator/health/".length()));
            assertThat(((List<Map<String, Object>>) container.get("ports")).stream().map(p -> p.get("name")))
                    .contains(get.get("port"));
        }
        assertThat(((List<Map<String, Object>>) container.get("envFrom")).get(0).get("secretRef"))
                .isEqualTo(Map.of("name", "idv-batch"));
        Set<String> read = variablesRead();
        for (Map<String, Object> env : (List<Map<String, Object>>) container.get("env")) {
            assertThat(read).contains(String.valueOf(env.get("name")));
        }

        // the ConfigMap is mounted as config/<dir>/application.yml below the image's working directory, which
        // Spring Boot reads after config/application.yml; every idv.* key in it is one idv-batch binds
        Map<String, Object> configMap = doc(manifests, "ConfigMap");
        Map<String, Object> settings = new Yaml().load(String.valueOf(((Map<String, Object>) configMap.get("data"))
                .get("application.yml")));
        Map<String, Object> flat = new TreeMap<>();
        flatten("", settings, flat);
        assertThat(flat).containsEntry("idv.archive.store", "s3").containsKey("idv.archive.s3.bucket")
                .containsEntry("idv.daemon.address", "0.0.0.0");
        Map<String, Class<?>> prefixes = settingsRecords();
        for (String key : flat.keySet()) {
            assertThat(UnknownSettingsCheck.known(key, prefixes)).as(key).isTrue();
        }
        String workdir = Files.readAllLines(KUBERNETES.resolve("Dockerfile")).stream()
                .filter(l -> l.startsWith("WORKDIR ")).findFirst().orElseThrow().substring("WORKDIR ".length());
        assertThat(((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .filter(m -> "config".equals(m.get("name"))).map(m -> String.valueOf(m.get("mountPath"))))
                .singleElement().satisfies(m -> assertThat(m).matches(Pattern.quote(workdir) + "/config/[a-z0-9-]+"));

        for (Object doc : new Yaml().loadAll(Files.readString(KUBERNETES.resolve("idv-batch-cronjobs.yaml")))) {
            Map<String, Object> cron = (Map<String, Object>) doc;
            assertThat(cron.get("kind")).isEqualTo("CronJob");
            Map<String, Object> spec = (Map<String, Object>) cron.get("spec");
            assertThat(spec).containsEntry("timeZone", "Asia/Shanghai").containsEntry("concurrencyPolicy", "Forbid");
            Map<String, Object> jobPod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    ((Map<String, Object>) spec.get("jobTemplate")).get("spec")).get("template")).get("spec");
            Map<String, Object> c = ((List<Map<String, Object>>) jobPod.get("containers")).get(0);
            assertThat(commandsExist("idv-batch.jar " + String.join(" ", (List<String>) c.get("args")))).isTrue();
            assertThat(((List<Map<String, Object>>) c.get("envFrom")).get(0).get("secretRef"))
                    .isEqualTo(Map.of("name", "idv-batch"));
        }
    }

    /** What one chunk may take: chunk-size calls at the slowest shipped account's quota, plus every retry's wait. */
    static Duration chunkBound() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(Path.of("config/application.yml")));
        Map<String, Object> idv = (Map<String, Object>) config.get("idv");
        Map<String, Object> harvest = (Map<String, Object>) idv.get("harvest");
        Map<String, Object> retry = (Map<String, Object>) harvest.get("retry");
        double slowest = Double.MAX_VALUE;
        for (Object provider : ((Map<String, Object>) idv.get("providers")).values()) {
            for (Object account : ((Map<String, Object>) ((Map<String, Object>) provider).get("accounts")).values()) {
                Object qps = ((Map<String, Object>) account).get("qps");
                if (qps != null) {
                    slowest = Math.min(slowest, ((Number) qps).doubleValue());
                }
            }
        }
        int chunk = ((Number) harvest.get("chunk-size")).intValue();
        Duration maxDelay = org.springframework.boot.convert.DurationStyle.detectAndParse(
                String.valueOf(retry.get("max-delay")));
        return Duration.ofMillis((long) (chunk / slowest * 1000))
                .plus(maxDelay.multipliedBy(((Number) retry.get("max-retries")).longValue()));
    }

    /** Environment variables idv-batch reads: ${NAME} in its configuration, names in its code, Spring's few. */
    static Set<String> variablesRead() throws IOException {
        Set<String> names = new TreeSet<>(Set.of("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                "SPRING_PROFILES_ACTIVE"));
        for (Path yml : List.of(Path.of("config/application.yml"), Path.of("src/main/resources/application.yml"))) {
            Matcher m = ENV_REFERENCE.matcher(Files.readString(yml));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            Pattern literal = Pattern.compile("\"(IDV_[A-Z0-9_]+)\"");
            for (Path f : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(f);
                for (Pattern p : List.of(ENV_REFERENCE, literal)) { // @Value("${IDV_X:}"), getenv("IDV_X")
                    Matcher m = p.matcher(code);
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    /** The health groups the daemon serves: management.endpoint.health.group.*, and liveness/readiness with probes. */
    static Set<String> healthGroups() throws IOException {
        Map<String, Object> app = new Yaml().load(Files.readString(Path.of("src/main/resources/application.yml")));
        Map<String, Object> health = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) app
                .get("management")).get("endpoint")).get("health");
        Set<String> groups = new TreeSet<>(((Map<String, Object>) health.get("group")).keySet());
        Object probes = health.get("probes");
        if (probes instanceof Map<?, ?> p && Boolean.TRUE.equals(p.get("enabled"))) {
            groups.addAll(List.of("liveness", "readiness"));
        }
        return groups;
    }

    /** Whether the idv-batch command after "idv-batch.jar" in {@code line} is one of the jar's commands. */
    static boolean commandsExist(String line) throws IOException {
        Matcher m = Pattern.compile("idv-batch\\.jar\\s+([a-z-]+)").matcher(line);
        if (!m.find()) {
            return false;
        }
        String name = "@Command(name = \"" + m.group(1) + "\"";
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/org/idvbatch/cli"))) {
            for (Path f : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The {@code idv*} @ConfigurationProperties records, by prefix (as the settings check gathers them). */
    static Map<String, Class<?>> settingsRecords() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, Class<?>> prefixes = new TreeMap<>();
        for (var candidate : scan.findCandidateComponents("org.idvbatch")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties a = type.getAnnotation(ConfigurationProperties.class);
            String prefix = a.prefix().isEmpty() ? a.value() : a.prefix();
            if (type.isRecord() && prefix.startsWith("idv")) {
                prefixes.put(prefix, type);
            }
        }
        assertThat(prefixes).containsKeys("idv.archive", "idv.harvest");
        return prefixes;
    }

    private static void flatten(String at, Map<String, Object> map, Map<String, Object> out) {
        map.forEach((k, v) -> {
            String key = at.isEmpty() ? k : at + "." + k;
            if (v instanceof Map<?, ?> m) {
                flatten(key, (Map<String, Object>) m, out);
            } else {
                out.put(key, v);
            }
        });
    }

    private static Map<String, Object> doc(Path file, String kind) throws IOException {
        for (Object d : new Yaml().loadAll(Files.readString(file))) {
            if (d instanceof Map<?, ?> m && kind.equals(m.get("kind"))) {
                return (Map<String, Object>) m;
            }
        }
        throw new AssertionError("no " + kind + " in " + file);
    }

    /** A unit file's directives, each with every value it is given (continuation lines joined). */
    private static Map<String, List<String>> unit(Path file) throws IOException {
        Map<String, List<String>> directives = new LinkedHashMap<>();
        for (String line : Files.readString(file).replace("\\\n", " ").split("\n")) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            directives.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return directives;
    }
}
