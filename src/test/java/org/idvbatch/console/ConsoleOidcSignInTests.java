package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.idvbatch.SlowTest;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.demo.DemoEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * OIDC sign-in end to end: the daemon discovers an identity provider served here (discovery document, authorization
 * and token endpoints, signing keys), the sign-in goes through the authorization-code flow over real HTTP, the ID
 * token is verified against the provider's key, and the console's roles come from its {@code roles} claim.
 */
@SlowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleOidcSignInTests {

    static final Path WORK = Path.of("target/console-oidc-test").toAbsolutePath();
    static final String CLIENT_ID = "idv-console";
    static final String CLIENT_SECRET = "corp-sso-secret-for-tests";

    HttpServer provider;
    String issuer;
    RSAKey signingKey;
    /** The claims of whoever signs in next, and what to get wrong in the token, if anything. */
    volatile Map<String, Object> nextUser = Map.of();
    volatile String wrongAudience;
    final Map<String, String> nonceByCode = new ConcurrentHashMap<>();
    final List<String> tokenRequestAuthorizations = new CopyOnWriteArrayList<>();

    DemoEnvironment world;
    ConfigurableApplicationContext daemon;
    JdbcTemplate jdbc;
    String base;

    @BeforeAll
    void startTheIdentityProviderAndTheDaemon() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("corp-key-1").generate();
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/corp";
        provider.createContext("/realms/corp/.well-known/openid-configuration", x -> answer(x, 200,
                "application/json", """
                        {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                         "jwks_uri":"%1$s/keys","response_types_supported":["code"],
                         "subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"],
                         "token_endpoint_auth_methods_supported":["client_secret_basic"]}
                        """.formatted(issuer)));
        provider.createContext("/realms/corp/keys", x -> answer(x, 200, "application/json",
                new JWKSet(signingKey.toPublicJWK()).toString()));
        provider.createContext("/realms/corp/authorize", this::authorize);
        provider.createContext("/realms/corp/token", this::token);
        provider.start();

        FileSystemUtils.deleteRecursively(WORK);
        world = DemoEnvironment.start(Instant.parse("2026-11-18T02:30:00Z"));
        Map<String, Object> props = ConsoleTestDaemon.properties(world, WORK);
        props.keySet().removeIf(k -> k.startsWith("idv.console.users")); // the company's accounts only
        String registration = "spring.security.oauth2.client.registration.corp.";
        props.put(registration + "client-id", CLIENT_ID);
        props.put(registration + "client-secret", CLIENT_SECRET);
        props.put(registration + "client-name", "Corp SSO");
        props.put(registration + "scope", "openid");
        props.put("spring.security.oauth2.client.provider.corp.issuer-uri", issuer);
        props.put("spring.security.oauth2.client.provider.corp.user-name-attribute", "preferred_username");
        daemon = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of()).startDaemon(props, world.clock());
        jdbc = daemon.getBean(JdbcTemplate.class);
        base = "http://127.0.0.1:" + ((WebServerApplicationContext) daemon).getWebServer().getPort();
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (world != null) {
            world.close();
        }
        if (provider != null) {
            provider.stop(0);
        }
    }

    @Test
    void withOnlyOidcConfiguredTheLoginPageOffersTheCompanyAccountAndNoPasswordForm() throws Exception {
        HttpResponse<String> login = browser().send(get("/login"), HttpResponse.BodyHandlers.ofString());
        assertThat(login.body()).contains("id=\"sign-in-corp\"").contains("通过 Corp SSO 登录")
                .contains("href=\"/oauth2/authorization/corp\"").doesNotContain("name=\"password\"");
        assertThat(browser().send(get("/login?lang=en"), HttpResponse.BodyHandlers.ofString()).body())
                .contains("Sign in with Corp SSO");
    }

    @Test
    void aCompanyAccountSignsInThroughTheProviderAndGetsTheRolesItsTokenNames() throws Exception {
        nextUser = Map.of("sub", "4f1c-9a", "preferred_username", "li.finance", "roles", List.of("FINANCE"));
        HttpClient browser = browser();

        HttpResponse<String> overview = browser.send(get("/oauth2/authorization/corp"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(overview.uri().getPath()).as("back on the console after the provider").isEqualTo("/");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("li.finance");
        assertThat(tokenRequestAuthorizations).as("the code was redeemed with the client's secret").contains("Basic "
                + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(status(browser, "/reconciliation")).isEqualTo(200);
        assertThat(status(browser, "/reports")).isEqualTo(200);
        assertThat(status(browser, "/evidence")).as("COMPLIANCE only").isEqualTo(403);
    }

    @Test
    void aTokenNamingNoConsoleRoleSignsInAsAViewer() throws Exception {
        nextUser = Map.of("sub", "77aa", "preferred_username", "wang.viewer", "roles", List.of("ADMIN"));
        HttpClient browser = browser();
        assertThat(browser.send(get("/oauth2/authorization/corp"), HttpResponse.BodyHandlers.ofString()).uri()
                .getPath()).isEqualTo("/");
        assertThat(status(browser, "/runs")).isEqualTo(200);
        assertThat(status(browser, "/reconciliation")).isEqualTo(403);
    }

    @Test
    void aTokenIssuedForAnotherClientIsRefusedAuditedAndSaysSoOnTheLoginPage() throws Exception {
        nextUser = Map.of("sub", "e1", "preferred_username", "mallory", "roles", List.of("OPERATOR"));
        wrongAudience = "another-app";
        try {
            HttpClient browser = browser();
            HttpResponse<String> back = browser.send(get("/oauth2/authorization/corp"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(back.uri().getPath()).isEqualTo("/login");
            assertThat(back.uri().getQuery()).isEqualTo("oidcError");
            assertThat(back.body()).contains("id=\"login-oidc-error\"");
            assertThat(status(browser, "/runs")).as("still signed out: the login page").isEqualTo(200);
            assertThat(browser.send(get("/runs"), HttpResponse.BodyHandlers.ofString()).uri().getPath())
                    .isEqualTo("/login");
        } finally {
            wrongAudience = null;
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM console_audit WHERE action = 'SIGN_IN'"
                + " AND outcome = 'REFUSED' AND detail = 'OIDC sign-in refused: invalid_id_token'", Long.class))
                .isEqualTo(1);
    }

    // --- the identity provider ----------------------------------------------------------------------------------

    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = form(x.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(q.get("client_id")) || !"code".equals(q.get("response_type"))
                || !q.getOrDefault("scope", "").contains("openid")) {
            answer(x, 400, "text/plain", "bad authorization request: " + q);
            return;
        }
        String code = UUID.randomUUID().toString();
        nonceByCode.put(code, q.getOrDefault("nonce", ""));
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        answer(x, 302, "text/plain", "");
    }

    private void token(HttpExchange x) throws IOException {
        tokenRequestAuthorizations.add(x.getRequestHeaders().getFirst("Authorization"));
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String nonce = nonceByCode.remove(f.getOrDefault("code", ""));
        if (nonce == null || !"authorization_code".equals(f.get("grant_type"))) {
            answer(x, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        try {
            Instant now = Instant.now();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
                    .audience(wrongAudience == null ? CLIENT_ID : wrongAudience).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", nonce);
            nextUser.forEach(claims::claim);
            SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                    .build(), claims.build());
            idToken.sign(new RSASSASigner(signingKey));
            answer(x, 200, "application/json", "{\"access_token\":\"" + UUID.randomUUID() + "\",\"token_type\":"
                    + "\"Bearer\",\"expires_in\":300,\"scope\":\"openid\",\"id_token\":\"" + idToken.serialize() + "\"}");
        } catch (com.nimbusds.jose.JOSEException e) {
            answer(x, 500, "text/plain", e.getMessage());
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return m;
    }

    private static void answer(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    // --- the browser: cookies kept, redirects followed ---------------------------------------------------------

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build();
    }

    private int status(HttpClient browser, String path) throws Exception {
        return browser.send(get(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
