package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.idvbatch.SlowTest;
import org.idvbatch.command.ApplicationContextFactory;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * {@code daemon --demo} on a machine without provider accounts: the daemon starts against the in-process sandbox
 * with the demo scenario in its ledger, reports health UP (every configured account reaches the sandbox), and
 * stops with its context.
 */
@SlowTest
class DaemonDemoTests {

    static final Path WORK = Path.of("target/daemon-demo-test").toAbsolutePath();

    @Test
    void theDemoDaemonIsHealthyWithoutProviderAccountsAndStopsWithItsContext() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        AtomicReference<ConfigurableApplicationContext> daemon = new AtomicReference<>();
        ApplicationContextFactory contexts = new Capturing(Map.of(
                "idv.database.embedded.ephemeral", "true", "idv.data-dir", WORK.toString(),
                "idv.reports.dir", WORK.resolve("reports").toString(),
                "idv.identity.hmac-key-file", WORK.resolve("hmac.key").toString(),
                "spring.quartz.auto-startup", "false"), daemon);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> org.idvbatch.launcher.IdvBatchLauncher.execute(
                new String[] {"daemon", "--demo", "--idv.daemon.port=" + port}, contexts, new PrintWriter(out, true),
                new PrintWriter(err, true)));

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("demo: metrics on"));
        java.util.regex.Matcher printed = java.util.regex.Pattern.compile(
                "\\(one per role\\), password (\\S+) .*HTTP Basic user scraper \\(role METRICS, no console page\\), "
                        + "password (\\S+)", java.util.regex.Pattern.DOTALL).matcher(out.toString());
        assertThat(printed.find()).as(out.toString()).isTrue();
        String consolePassword = printed.group(1);
        String scraperPassword = printed.group(2);
        assertThat(consolePassword).as("a password made for this start").hasSizeGreaterThanOrEqualTo(16)
                .isNotEqualTo(scraperPassword);
        // anonymous: the status and nothing else (no component, no detail); the scraper sees the details
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("components", "tencent", "127.0.0.1");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health/providers")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
        String health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/actuator/health/providers")).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString(("scraper:" + scraperPassword).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(health).contains("\"status\":\"UP\"", "tencent-faceid/idv-demo", "tencent-faceid/default")
                .doesNotContain("unreachable");
        assertThat(out.toString()).contains("demo: provider sandbox on 127.0.0.1:", "400 new sessions in the ledger",
                "demo: console on http://127.0.0.1:" + port + "/", "operator, finance, compliance, viewer");
        // the console answers, and a demo user signs in with the printed password (the form's CSRF token included)
        java.net.CookieManager cookies = new java.net.CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(login);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=finance&password="
                        + java.net.URLEncoder.encode(consolePassword, java.nio.charset.StandardCharsets.UTF_8) + "&_csrf="
                        + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reconciliation"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        daemon.get().close();
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    }

    /** The command's contexts, keeping hold of the daemon's so the test can stop it as SIGTERM would. */
    static final class Capturing extends ApplicationContextFactory {

        private final Map<String, Object> settings;
        private final AtomicReference<ConfigurableApplicationContext> daemon;

        Capturing(Map<String, Object> settings, AtomicReference<ConfigurableApplicationContext> daemon) {
            super(org.idvbatch.IdvBatchApplication.class, settings);
            this.settings = settings;
            this.daemon = daemon;
        }

        @Override
        public ApplicationContextFactory with(Map<String, Object> more) {
            Map<String, Object> merged = new java.util.HashMap<>(settings);
            merged.putAll(more);
            return new Capturing(merged, daemon);
        }

        @Override
        public ConfigurableApplicationContext startDaemon(Map<String, Object> extra, java.time.Clock clock) {
            ConfigurableApplicationContext ctx = super.startDaemon(extra, clock);
            daemon.set(ctx);
            return ctx;
        }
    }
}
