package org.idvbatch.health;

import org.idvbatch.SlowTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.provider.Provider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The daemon's context (web server on the management port, as {@code daemon} starts it) against a
 * PostgreSQL the test stops and starts again, an archive root the test takes away, and provider endpoints
 * that are a local listener.
 */
@SlowTest
class DaemonHealthTests {

    static final Path WORK = Path.of("target/daemon-health-test").toAbsolutePath();
    static final Path PG_DATA = WORK.resolve("pg");
    static final Path ARCHIVE = WORK.resolve("archive");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static int pgPort;
    static EmbeddedPostgres pg;
    static ServerSocket providerEndpoint;
    static ConfigurableApplicationContext daemon;
    static String base;
    static final String SCRAPER_PASSWORD = "scrape-the-daemon";

    @BeforeAll
    static void startDaemon() throws IOException {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(PG_DATA);
        try (ServerSocket s = new ServerSocket(0)) {
            pgPort = s.getLocalPort();
        }
        pg = startPostgres();
        providerEndpoint = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        Map<String, Object> props = new HashMap<>(Map.of(
                "spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "spring.datasource.hikari.connection-timeout", "1000",
                "idv.daemon.port", "0",
                "spring.quartz.auto-startup", "false",
                "idv.data-dir", WORK.toString(),
                "idv.archive.root", ARCHIVE.toString(),
                "idv.reports.dir", WORK.resolve("reports").toString()));
        for (Provider p : Provider.values()) {
            props.put("idv.providers." + p.code() + ".accounts.default.endpoint",
                    "127.0.0.1:" + providerEndpoint.getLocalPort());
            props.put("idv.providers." + p.code() + ".accounts.default.protocol", "http");
        }
        props.put("idv.console.users[0].name", "scraper");
        props.put("idv.console.users[0].password-hash", "{bcrypt}"
                + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4).encode(SCRAPER_PASSWORD));
        props.put("idv.console.users[0].roles", "METRICS");
        props.put("idv.console.users[1].name", "viewer");
        props.put("idv.console.users[1].password-hash", props.get("idv.console.users[0].password-hash"));
        props.put("idv.console.users[1].roles", "VIEWER");
        props.put("idv.daemon.health-cache", "0s"); // every request probes: these tests take the probed things away
        daemon = org.idvbatch.launcher.IdvBatchLauncher.contexts(props).startDaemon();
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) daemon).getWebServer().getPort();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
        if (pg != null) {
            pg.close();
        }
        providerEndpoint.close();
    }

    @Test
    void storageHealthTurnsDownWhenTheDatabaseStopsAndUpWhenItIsBack() throws Exception {
        assertThat(get("/actuator/health/storage")).startsWith("200").contains("\"db\"");

        pg.close();
        pg = null;
        assertThat(get("/actuator/health/storage")).startsWith("503").contains("\"DOWN\"");

        pg = startPostgres();
        // the pool may hand out one more dead connection before it has replaced them all
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health/storage").startsWith("200"));
    }

    @Test
    void storageHealthTurnsDownWhenTheArchiveRootGoesAwayAndUpWhenItIsBack() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health/storage").startsWith("200"));
        assertThat(get("/actuator/health/archive")).startsWith("200").contains("\"writable\":true");

        Path moved = WORK.resolve("archive-moved");
        Files.move(ARCHIVE, moved);
        Files.writeString(ARCHIVE, "a file where the archive directory should be");
        try {
            assertThat(get("/actuator/health/storage")).startsWith("503").contains("\"writable\":false");
        } finally {
            Files.delete(ARCHIVE);
            Files.move(moved, ARCHIVE);
        }
        assertThat(get("/actuator/health/storage")).startsWith("200").contains("\"writable\":true");
    }

    @Test
    void providerHealthIsAConnectOnlyProbeThatNamesNoCredential() throws Exception {
        String up = get("/actuator/health/providers");
        assertThat(up).startsWith("200").contains("tencent-faceid/default", "reachable 127.0.0.1:");
        assertThat(up).doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("access-key");

        int port = providerEndpoint.getLocalPort();
        providerEndpoint.close();
        try {
            assertThat(get("/actuator/health/providers")).startsWith("503").contains("unreachable 127.0.0.1:" + port);
        } finally {
            providerEndpoint = new ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress());
        }
    }

    @Test
    void prometheusEndpointPublishesLedgerGaugesAndBatchObservations() throws Exception {
        String scrape = get("/actuator/prometheus", "scraper:" + SCRAPER_PASSWORD);
        assertThat(scrape).startsWith("200").contains("idv_sessions{", "state=\"PENDING\"", "idv_sessions_at_risk",
                "idv_archive_bytes", "idv_reconcile_differences", "idv_reconcile_exceptions{bucket=\"0-2\"");
    }

    @Test
    void metricsNeedTheScrapersRoleWhileHealthIsAnonymousWithItsStatusOnly() throws Exception {
        assertThat(get("/actuator/prometheus", null)).startsWith("401");
        assertThat(get("/actuator/prometheus", "scraper:wrong-password")).startsWith("401");
        // a console user's password is not the scraper's: signed in, but without the METRICS role
        assertThat(get("/actuator/prometheus", "viewer:" + SCRAPER_PASSWORD)).startsWith("403");
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health").startsWith("200"));
        // anonymous: the status (and the groups' names), no component and no detail: no path, key id or host
        assertThat(get("/actuator/health", null)).startsWith("200").contains("\"status\":\"UP\"")
                .doesNotContain("components", "archive", "keyId", "127.0.0.1", "diskSpace", "PostgreSQL");
        assertThat(get("/actuator/health/storage", null)).isEqualTo("200 {\"status\":\"UP\"}");
        assertThat(get("/actuator/health/providers", null)).startsWith("404");
        // details for a configured user, whatever the role
        assertThat(get("/actuator/health", "viewer:" + SCRAPER_PASSWORD)).contains("\"archive\"", "\"providers\"");
    }

    private static EmbeddedPostgres startPostgres() throws IOException {
        return EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(PG_DATA).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
    }

    /** "status body" of a GET as the scraper (health details are shown to configured users only). */
    private static String get(String path) throws Exception {
        return get(path, "scraper:" + SCRAPER_PASSWORD);
    }

    /** "status body" of a GET with HTTP Basic credentials "user:password" (null: none). */
    private static String get(String path, String basic) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (basic != null) {
            req.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    basic.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
