package org.idvbatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idvbatch.SlowTest;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.demo.DemoEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.MethodParameter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The daemon's port tried as an attacker would (issue 25): hostile values in every parameter, path variable,
 * header and cookie of every route the application registers; every way of signing in against the throttle and
 * the audit; the scraper's identity; CSRF from the query string; refused actions; headers; the session cookie
 * behind a TLS proxy; the address the daemon listens on. Over plain sockets, so that what java.net.http refuses to
 * send (a NUL in a header, bytes that are not UTF-8) is sent too.
 */
@SlowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleAsAnAttackerTests {

    static final Path WORK = Path.of("target/console-attacker-test").toAbsolutePath();
    static final String PASSWORD = "attacker-test-password";
    static final String SCRAPER_PASSWORD = "scraper-test-password";

    /** Hostile values as they go into a URL (already percent-encoded where that is the point). */
    static final List<String> URL_VALUES = List.of("%00", "a%00b", "%C3%28", "%FF%FE", "%ED%A0%80", "a".repeat(10_000),
            "xx_YY_ZZ_123", "%27", "zh_CN%27--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
            "%27%20OR%20%271%27%3D%271%27%3B%20DROP%20TABLE%20console_audit%3B--", "..%2F..%2F..%2Fetc%2Fpasswd",
            "..%2Fkeys%2Farchive-kek.json", "%0D%0ASet-Cookie%3A%20x%3D1", "-1", "99999999999999999999", "1e308",
            "%E2%80%AE", "%F0%9F%98%80", "", "%", "%%32%65");
    /** Hostile values as they go into a header or a cookie, raw. */
    static final List<String> HEADER_VALUES = List.of("\u0000", "a\u0000b", "\u00ff\u00fe", "a".repeat(7_000),
            "xx_YY_ZZ_123", "'", "<script>alert(1)</script>", "' OR '1'='1'; DROP TABLE console_audit;--",
            "../../../../etc/passwd", "\u202e", "😀", "");
    static final List<String> HEADERS = List.of("Accept", "Accept-Language", "X-Forwarded-For", "X-Forwarded-Proto", "Referer",
            "User-Agent", "Cookie: idv-console-lang", "Cookie: JSESSIONID", "Authorization: Basic");

    DemoEnvironment world;
    ConfigurableApplicationContext daemon;
    JdbcTemplate jdbc;
    int port;
    RawHttp http;
    ListAppender<ILoggingEvent> log;

    @BeforeAll
    void startTheDaemon() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        world = DemoEnvironment.start(Instant.parse("2026-11-18T02:30:00Z"));
        Map<String, Object> props = ConsoleTestDaemon.properties(world, WORK);
        ConsoleTestDaemon.users(props, PASSWORD, new String[] {"operator", "OPERATOR"},
                new String[] {"finance", "FINANCE"}, new String[] {"compliance", "COMPLIANCE"},
                new String[] {"viewer", "VIEWER"}, new String[] {"scraper", "METRICS", SCRAPER_PASSWORD},
                new String[] {"auditor", "OPERATOR,FINANCE,COMPLIANCE"});
        props.put("idv.console.login-throttle.first-delay", "PT30S");
        // behind a TLS proxy on this host: X-Forwarded-For and -Proto from loopback are believed
        props.put("server.forward-headers-strategy", "native");
        daemon = org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of()).startDaemon(props, world.clock());
        jdbc = daemon.getBean(JdbcTemplate.class);
        port = ((WebServerApplicationContext) daemon).getWebServer().getPort();
        http = new RawHttp(port);
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
        if (daemon != null) {
            daemon.close();
        }
        if (world != null) {
            world.close();
        }
    }

    // --- the sweep -----------------------------------------------------------------------------------------------

    /** A route: method, path pattern, its path variables and the parameters its handler reads. */
    record Route(String method, String pattern, List<String> pathVariables, List<String> parameters) {
    }

    /** Every route of every request mapping of the daemon (the console's and the actuator's), and the filters' own. */
    List<Route> routes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (RequestMappingInfoHandlerMapping mapping
                : daemon.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
                Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
                List<String> parameters = new ArrayList<>();
                List<String> variables = new ArrayList<>();
                for (MethodParameter p : e.getValue().getMethodParameters()) {
                    RequestParam rp = p.getParameterAnnotation(RequestParam.class);
                    PathVariable pv = p.getParameterAnnotation(PathVariable.class);
                    p.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
                    if (rp != null) {
                        parameters.add(!rp.name().isEmpty() ? rp.name() : p.getParameterName());
                    } else if (pv != null) {
                        variables.add(!pv.name().isEmpty() ? pv.name() : p.getParameterName());
                    }
                }
                for (String pattern : e.getKey().getPatternValues()) {
                    for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                        routes.add(new Route(m.name(), pattern, variables, parameters));
                    }
                }
            }
        }
        routes.add(new Route("GET", "/console.css", List.of(), List.of()));
        routes.add(new Route("POST", "/login", List.of(), List.of("username", "password")));
        routes.add(new Route("POST", "/logout", List.of(), List.of())); // last: it ends the signed-in session
        return new ArrayList<>(routes);
    }

    @Test
    void noRouteAnswersHostileInputWith500AndNoneLogsMoreThanOneWarning() throws Exception {
        Session auditor = signIn("auditor", PASSWORD, "10.25.0.1");
        List<Route> routes = routes();
        assertThat(routes).extracting(Route::pattern).contains("/", "/runs", "/runs/{id}", "/sessions",
                "/reports/file", "/reconciliation/{date}/{provider}", "/actuator/health/**", "/error");
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Route route : routes) {
            for (Session who : new Session[] {null, auditor}) {
                if (route.pattern().equals("/logout") && who != null) {
                    continue; // signing the sweep's own user out is not an attack
                }
                List<Probe> probes = probes(route, who);
                for (Probe probe : probes) {
                    requests++;
                    int before = log.list.size();
                    RawHttp.Response r;
                    try {
                        r = http.send(route.method(), probe.target(), probe.headers(), probe.body());
                    } catch (Exception e) {
                        failures.add(route.method() + " " + probe.what() + ": no answer (" + e + ")");
                        continue;
                    }
                    List<ILoggingEvent> logged = List.copyOf(log.list.subList(before, log.list.size()));
                    long warnings = logged.stream().filter(e -> e.getLevel() == Level.WARN).count();
                    long errors = logged.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
                            || e.getThrowableProxy() != null).count();
                    // health answers 503 when what it probes is down: its answer, not a failure of the request
                    boolean healthDown = r.status() == 503 && route.pattern().startsWith("/actuator/health");
                    if ((r.status() >= 500 && !healthDown) || warnings > 1 || errors > 0) {
                        failures.add(route.method() + " " + probe.what() + (who == null ? " (anonymous)" : "")
                                + ": " + r.status() + ", " + warnings + " WARN, " + errors + " ERROR/stack "
                                + logged.stream().limit(2).map(ILoggingEvent::getFormattedMessage).toList());
                    }
                }
            }
        }
        System.out.printf("hostile-input sweep: %d routes, %d URL values, %d header values, %d requests, %d failed%n",
                routes.size(), URL_VALUES.size(), HEADER_VALUES.size(), requests, failures.size());
        assertThat(failures).as("of %d requests", requests).isEmpty();
        assertThat(requests).isGreaterThan(2_000);
    }

    /** One request of the sweep: what it tries, its target, headers and body. */
    record Probe(String what, String target, List<String> headers, byte[] body) {
    }

    List<Probe> probes(Route route, Session who) {
        Map<String, String> benignVars = new LinkedHashMap<>();
        for (String v : route.pathVariables()) {
            benignVars.put(v, benign(route.method(), route.pattern(), v));
        }
        List<String> params = new ArrayList<>(route.parameters());
        params.add("lang");
        List<Probe> probes = new ArrayList<>();
        probes.add(probe(route, who, "baseline", benignVars, Map.of(), null, null));
        for (String value : URL_VALUES) {
            for (String v : route.pathVariables()) {
                Map<String, String> vars = new LinkedHashMap<>(benignVars);
                vars.put(v, value);
                probes.add(probe(route, who, "{" + v + "}=" + clip(value), vars, Map.of(), null, null));
            }
            if (route.pattern().contains("**")) {
                probes.add(probe(route, who, "**=" + clip(value), benignVars, Map.of(), null, value));
            }
            for (String p : params) {
                probes.add(probe(route, who, p + "=" + clip(value), benignVars, Map.of(p, value), null, null));
            }
            probes.add(probe(route, who, "name " + clip(value), benignVars, Map.of(value, "1"), null, null));
        }
        for (String value : HEADER_VALUES) {
            for (String h : HEADERS) {
                probes.add(probe(route, who, h + ": " + clip(value), benignVars, Map.of(), h + "\u0001" + value, null));
            }
        }
        return probes;
    }

    private Probe probe(Route route, Session who, String what, Map<String, String> vars, Map<String, String> params,
                        String header, String rest) {
        String path = route.pattern();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            path = path.replaceAll("\\{" + Pattern.quote(v.getKey()) + "(:[^}]*)?}", Matcher.quoteReplacement(v.getValue()));
        }
        path = path.replace("/**", "/" + (rest == null ? "x" : rest)).replaceAll("\\{\\*[^}]+}", rest == null ? "x" : rest);
        StringBuilder query = new StringBuilder();
        for (String p : route.parameters()) {
            if (!params.containsKey(p)) {
                query.append(query.isEmpty() ? "" : "&").append(p).append('=').append(benign(route.method(), route.pattern(), p));
            }
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            query.append(query.isEmpty() ? "" : "&").append(p.getKey()).append('=').append(p.getValue());
        }
        List<String> headers = new ArrayList<>();
        String cookie = who == null ? null : "JSESSIONID=" + who.sessionId();
        boolean forwarded = false;
        if (header != null) {
            String[] hv = header.split("\u0001", 2);
            if (hv[0].startsWith("Cookie: ")) {
                String name = hv[0].substring(8);
                cookie = (cookie == null || name.equals("JSESSIONID") ? "" : cookie + "; ") + name + "=" + hv[1];
            } else if (hv[0].equals("Authorization: Basic")) {
                headers.add("Authorization: Basic " + Base64.getEncoder().encodeToString(
                        (hv[1] + ":" + hv[1]).getBytes(StandardCharsets.UTF_8)));
            } else {
                headers.add(hv[0] + ": " + hv[1]);
                forwarded = hv[0].equals("X-Forwarded-For");
            }
        }
        if (!forwarded) {
            headers.add("X-Forwarded-For: 10.25.0.1"); // the sweep's own throttle: other tests come from elsewhere
        }
        if (cookie != null) {
            headers.add("Cookie: " + cookie);
        }
        if (route.pattern().startsWith("/actuator") && who != null && header == null) {
            headers.add("Authorization: Basic " + Base64.getEncoder().encodeToString(
                    ("scraper:" + SCRAPER_PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        byte[] body = null;
        String target = path;
        if (route.method().equals("POST")) {
            headers.add("Content-Type: application/x-www-form-urlencoded");
            String form = query + (who == null ? "" : (query.isEmpty() ? "" : "&") + "_csrf=" + who.csrf());
            body = form.getBytes(StandardCharsets.ISO_8859_1);
        } else if (!query.isEmpty()) {
            target = path + "?" + query;
        }
        return new Probe(route.pattern() + " " + what, target, headers, body);
    }

    /**
     * A value the handler takes: for a page, one that reaches its query (a real date, month, provider, file name);
     * for a change, one that leads it to do nothing (no such execution, trigger or session; no valid date).
     */
    static String benign(String method, String pattern, String name) {
        Matcher alternatives = Pattern.compile("\\{" + Pattern.quote(name) + ":([^}|]+)").matcher(pattern);
        if (alternatives.find()) {
            return alternatives.group(1);
        }
        if (name.equals("id") || name.equals("page")) {
            return "424242";
        }
        if (method.equals("POST")) {
            return "x";
        }
        return switch (name) {
            case "date" -> "2026-11-17";
            case "from" -> "2026-11-01";
            case "to" -> "2026-11-30";
            case "month" -> "2026-11";
            case "provider" -> "tencent-faceid";
            case "name" -> "2026/11/idv-daily-2026-11-17.xlsx";
            default -> "x";
        };
    }

    static String clip(String s) {
        String printable = RequestInputGuard.printable(s, 24);
        return printable.isEmpty() ? "(empty)" : printable;
    }

    // --- signing in ----------------------------------------------------------------------------------------------

    /** A signed-in browser: its session cookie and the CSRF token its forms carry. */
    record Session(String sessionId, String csrf) {
    }

    /** Signs in through the form from {@code address} (as X-Forwarded-For: each test is its own client). */
    Session signIn(String user, String password, String address) throws Exception {
        RawHttp.Response login = http.send("GET", "/login", List.of("X-Forwarded-For: " + address), null);
        String session = cookie(login, "JSESSIONID");
        String csrf = csrf(login.body());
        RawHttp.Response signedIn = http.send("POST", "/login", List.of("X-Forwarded-For: " + address,
                        "Cookie: JSESSIONID=" + session, "Content-Type: application/x-www-form-urlencoded"),
                ("username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                        + URLEncoder.encode(csrf, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(signedIn.header("Location")).doesNotContain("/login");
        String newSession = cookie(signedIn, "JSESSIONID");
        RawHttp.Response page = http.send("GET", "/runs", List.of("X-Forwarded-For: " + address,
                "Cookie: JSESSIONID=" + newSession), null);
        assertThat(page.status()).isEqualTo(200);
        return new Session(newSession, URLEncoder.encode(csrf(page.body()), StandardCharsets.UTF_8));
    }

    static String cookie(RawHttp.Response r, String name) {
        for (String c : r.setCookies()) {
            if (c.startsWith(name + "=")) {
                return c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
            }
        }
        throw new AssertionError("no " + name + " cookie in " + r.headers());
    }

    static String csrf(String page) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("a form with its CSRF token").isTrue();
        return m.group(1);
    }

    static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    long audited(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    @Test
    void httpBasicGoesThroughTheSameThrottleAndAuditAsTheForm() throws Exception {
        String from = "10.25.1.1";
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(http.send("GET", "/actuator/prometheus", List.of("X-Forwarded-For: " + from,
                    basic("finance", "wrong-" + i)), null).status());
        }
        // three free failures, the fourth starts a 30 s wait: every later try is refused unchecked
        assertThat(statuses.subList(0, 4)).containsOnly(401);
        assertThat(statuses.subList(4, 30)).containsOnly(429);
        RawHttp.Response right = http.send("GET", "/actuator/health", List.of("X-Forwarded-For: " + from,
                basic("finance", PASSWORD)), null);
        assertThat(right.status()).as("even the right password waits").isEqualTo(429);
        assertThat(right.header("Retry-After")).isNotBlank();
        assertThat(audited("SELECT count(*) FROM console_audit WHERE actor = 'finance' AND action = 'SIGN_IN'"
                + " AND outcome = 'REFUSED' AND remote_addr = ? AND detail LIKE '%HTTP_BASIC%'", from)).isEqualTo(4);
        assertThat(audited("SELECT coalesce(sum(tries), 0) FROM console_sign_in_tally WHERE actor = 'finance'"
                + " AND reason = 'THROTTLED' AND channel = 'HTTP_BASIC' AND remote_addr = ?", from)).isEqualTo(27);
    }

    @Test
    void aFailedSignInForANameNobodyConfiguredIsCountedAndTheTypedNameNeverKept() throws Exception {
        String from = "10.25.2.1";
        RawHttp.Response login = http.send("GET", "/login", List.of("X-Forwarded-For: " + from), null);
        String typed = "my-secret-password-typed-as-a-name";
        for (int i = 0; i < 2; i++) {
            RawHttp.Response r = http.send("POST", "/login", List.of("X-Forwarded-For: " + from,
                    "Cookie: JSESSIONID=" + cookie(login, "JSESSIONID"), "Content-Type: application/x-www-form-urlencoded"),
                    ("username=" + typed + "&password=x&_csrf=" + URLEncoder.encode(csrf(login.body()),
                            StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.header("Location")).endsWith("/login?error");
        }
        http.send("GET", "/actuator/prometheus", List.of("X-Forwarded-For: " + from, basic(typed, "x")), null);
        assertThat(audited("SELECT count(*) FROM console_audit WHERE actor LIKE '%' || ? || '%'"
                + " OR detail LIKE '%' || ? || '%' OR target LIKE '%' || ? || '%'", typed, typed, typed)).isZero();
        assertThat(audited("SELECT count(*) FROM console_sign_in_tally WHERE actor LIKE '%' || ? || '%'", typed))
                .isZero();
        assertThat(audited("SELECT sum(tries) FROM console_sign_in_tally WHERE actor = '(unknown user)'"
                + " AND reason = 'UNKNOWN_USER' AND remote_addr = ?", from)).isEqualTo(3);
        assertThat(audited("SELECT count(*) FROM console_sign_in_tally WHERE remote_addr = ?", from))
                .as("one row per channel, however many tries").isEqualTo(2);
    }

    @Test
    void onlyTheScrapersRoleReadsMetricsAndItOpensNoPage() throws Exception {
        String from = "10.25.3.1";
        assertThat(http.send("GET", "/actuator/prometheus", List.of("X-Forwarded-For: " + from,
                basic("scraper", SCRAPER_PASSWORD)), null).status()).isEqualTo(200);
        for (String user : List.of("operator", "finance", "auditor")) {
            RawHttp.Response r = http.send("GET", "/actuator/prometheus", List.of("X-Forwarded-For: " + from,
                    basic(user, PASSWORD)), null);
            assertThat(r.status()).as("%s's console password is not the scraper's", user).isEqualTo(403);
        }
        assertThat(audited("SELECT count(*) FROM console_audit WHERE actor = 'operator' AND action = 'REFUSED_REQUEST'"
                + " AND target = 'GET /actuator/prometheus' AND remote_addr = ?", from)).isEqualTo(1);
        // the scraper signs in through the form, and every page refuses it
        RawHttp.Response login = http.send("GET", "/login", List.of("X-Forwarded-For: " + from), null);
        RawHttp.Response signedIn = http.send("POST", "/login", List.of("X-Forwarded-For: " + from,
                "Cookie: JSESSIONID=" + cookie(login, "JSESSIONID"), "Content-Type: application/x-www-form-urlencoded"),
                ("username=scraper&password=" + SCRAPER_PASSWORD + "&_csrf=" + URLEncoder.encode(csrf(login.body()),
                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        String session = cookie(signedIn, "JSESSIONID");
        for (String page : List.of("/", "/runs", "/sessions", "/schedules")) {
            assertThat(http.send("GET", page, List.of("X-Forwarded-For: " + from, "Cookie: JSESSIONID=" + session),
                    null).status()).as(page).isEqualTo(403);
        }
    }

    @Test
    void aCsrfTokenInTheQueryStringIsRefusedAndTheRefusalAudited() throws Exception {
        String from = "10.25.4.1";
        Session op = signIn("operator", PASSWORD, from);
        RawHttp.Response inQuery = http.send("POST", "/schedules/idv-batch.nightly/pause?_csrf=" + op.csrf(),
                List.of("X-Forwarded-For: " + from, "Cookie: JSESSIONID=" + op.sessionId(),
                        "Content-Type: application/x-www-form-urlencoded"),
                "reason=testing".getBytes(StandardCharsets.UTF_8));
        assertThat(inQuery.status()).isEqualTo(403);
        assertThat(inQuery.body()).contains("id=\"forbidden\"");
        assertThat(audited("SELECT count(*) FROM console_audit WHERE actor = 'operator' AND action = 'REFUSED_REQUEST'"
                + " AND outcome = 'REFUSED' AND detail = 'no valid CSRF token' AND remote_addr = ?", from)).isEqualTo(1);
        // the same token in the form body is taken (the action is then refused for its own reason: no such trigger)
        RawHttp.Response inBody = http.send("POST", "/schedules/no-such-trigger/pause", List.of("X-Forwarded-For: "
                        + from, "Cookie: JSESSIONID=" + op.sessionId(), "Content-Type: application/x-www-form-urlencoded"),
                ("reason=testing&_csrf=" + op.csrf()).getBytes(StandardCharsets.UTF_8));
        assertThat(inBody.status()).isEqualTo(302);
        // without any token, before signing in
        RawHttp.Response anonymous = http.send("POST", "/login", List.of("X-Forwarded-For: " + from,
                "Content-Type: application/x-www-form-urlencoded"), "username=a&password=b".getBytes());
        assertThat(anonymous.status()).isEqualTo(403);
        assertThat(audited("SELECT sum(tries) FROM console_sign_in_tally WHERE reason = 'NO_CSRF' AND remote_addr = ?",
                from)).isEqualTo(1);
    }

    @Test
    void anActionARoleDoesNotAllowIsRefusedAndAudited() throws Exception {
        String from = "10.25.5.1";
        Session viewer = signIn("viewer", PASSWORD, from);
        RawHttp.Response r = http.send("POST", "/runs/1/restart", List.of("X-Forwarded-For: " + from,
                "Cookie: JSESSIONID=" + viewer.sessionId(), "Content-Type: application/x-www-form-urlencoded"),
                ("reason=because&_csrf=" + viewer.csrf()).getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(403);
        assertThat(audited("SELECT count(*) FROM console_audit WHERE actor = 'viewer' AND action = 'REFUSED_REQUEST'"
                + " AND target = 'POST /runs/1/restart' AND detail = 'the role does not allow it'"
                + " AND remote_addr = ?", from)).isEqualTo(1);
    }

    @Test
    void aSignedInUsersRefusedInputIsAuditedAndAnsweredInTheirLanguage() throws Exception {
        String from = "10.25.6.1";
        Session finance = signIn("finance", PASSWORD, from);
        RawHttp.Response nul = http.send("GET", "/reports/file?name=2026/11/idv-daily-2026-11-17.xlsx%00",
                List.of("X-Forwarded-For: " + from, "Cookie: JSESSIONID=" + finance.sessionId()), null);
        assertThat(nul.status()).isEqualTo(400);
        assertThat(nul.body()).contains("请求被拒绝", "parameter name", "id=\"error-field\"");
        assertThat(audited("SELECT count(*) FROM console_audit WHERE actor = 'finance' AND action = 'REFUSED_REQUEST'"
                + " AND target = 'GET /reports/file' AND detail = 'refused input: parameter name'"
                + " AND remote_addr = ?", from)).isEqualTo(1);
        RawHttp.Response english = http.send("GET", "/sessions?merchantBizId=a%00b", List.of("X-Forwarded-For: " + from,
                "Cookie: JSESSIONID=" + finance.sessionId() + "; idv-console-lang=en"), null);
        assertThat(english.status()).isEqualTo(400);
        assertThat(english.body()).contains("Request refused", "parameter merchantBizId: holds a control character");
    }

    @Test
    void theAnonymousSignInPageRefusesABadLanguageWithOneWarningAndNoStack() throws Exception {
        for (String lang : List.of("%27", "%3Cscript%3E", "fr")) {
            int before = log.list.size();
            RawHttp.Response r = http.send("GET", "/login?lang=" + lang, List.of("X-Forwarded-For: 10.25.7.1"), null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains("id=\"error-title\"", "parameter lang").doesNotContain("<script>");
            List<ILoggingEvent> logged = List.copyOf(log.list.subList(before, log.list.size()));
            assertThat(logged).hasSize(1).allSatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getThrowableProxy()).isNull();
            });
        }
        assertThat(http.send("GET", "/login?lang=en", List.of(), null).body()).contains("Sign in");
    }

    @Test
    void aRefusedChangeNamesItsFieldInThePagesLanguageNotAsACommandLineOption() throws Exception {
        String from = "10.25.11.1";
        Session op = signIn("operator", PASSWORD, from);
        for (String[] lang : new String[][] {{"en", "Session: "}, {"zh-CN", "会话: "}}) {
            String cookie = "Cookie: JSESSIONID=" + op.sessionId() + "; idv-console-lang=" + lang[0];
            RawHttp.Response r = http.send("POST", "/sessions/424242/requeue", List.of("X-Forwarded-For: " + from,
                    cookie, "Content-Type: application/x-www-form-urlencoded"),
                    ("reason=retry&_csrf=" + op.csrf()).getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).isEqualTo(302);
            RawHttp.Response page = http.send("GET", r.header("Location").replaceFirst("^https?://[^/]+", ""),
                    List.of("X-Forwarded-For: " + from, cookie), null);
            assertThat(page.body()).as(lang[0]).contains("id=\"flash-refused\"", lang[1] + "only ERROR sessions")
                    .doesNotContain("--session");
        }
    }

    @Test
    void anUnknownPageIsTheConsolesOwnPageNotTheWhitelabel() throws Exception {
        Session viewer = signIn("viewer", PASSWORD, "10.25.8.1");
        RawHttp.Response r = http.send("GET", "/no-such-page", List.of("X-Forwarded-For: 10.25.8.1",
                "Cookie: JSESSIONID=" + viewer.sessionId() + "; idv-console-lang=en"), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("Not found", "id=\"signed-in-as\"").doesNotContain("Whitelabel");
        RawHttp.Response run = http.send("GET", "/runs/abc", List.of("X-Forwarded-For: 10.25.8.1",
                "Cookie: JSESSIONID=" + viewer.sessionId()), null);
        assertThat(run.status()).isEqualTo(400);
        assertThat(run.body()).contains("请求被拒绝").doesNotContain("Whitelabel", "Exception");
    }

    @Test
    void everyPageSendsAReferrerPolicyAndACspThatPinsFormsAndTheBase() throws Exception {
        for (String page : List.of("/login", "/actuator/health")) {
            RawHttp.Response r = http.send("GET", page, List.of(), null);
            assertThat(r.header("Referrer-Policy")).as(page).isIn("same-origin", "no-referrer");
        }
        String csp = http.send("GET", "/login", List.of(), null).header("Content-Security-Policy");
        assertThat(csp).contains("form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
                "object-src 'none'");
    }

    @Test
    void behindATlsProxyTheSessionCookieIsSecureAndWithoutOneItIsNot() throws Exception {
        RawHttp.Response tls = http.send("GET", "/login", List.of("X-Forwarded-Proto: https",
                "X-Forwarded-For: 10.25.9.1"), null);
        assertThat(tls.setCookies()).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=").contains("Secure",
                "HttpOnly", "SameSite=Strict"));
        RawHttp.Response plain = http.send("GET", "/login", List.of("X-Forwarded-For: 10.25.9.1"), null);
        assertThat(plain.setCookies()).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=")
                .doesNotContain("Secure"));
    }

    @Test
    void theDaemonListensOnLoopbackOnly() throws Exception {
        assertThat(daemon.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
        java.net.InetAddress other = null;
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            for (java.net.InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
                if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
                    other = a;
                }
            }
        }
        assertThat(other).as("this machine has an address besides loopback to try").isNotNull();
        try (Socket s = new Socket()) {
            java.net.InetAddress target = other;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new InetSocketAddress(target, port), 2_000))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aLinkOrATextFileNamedLikeAWorkbookIsNeitherListedNorServed() throws Exception {
        String from = "10.25.10.1";
        Path reports = WORK.resolve("reports/2026/11");
        Files.createDirectories(reports);
        Path key = WORK.resolve("keys/kek.json");
        Files.createDirectories(key.getParent());
        if (!Files.exists(key)) {
            Files.writeString(key, "{\"primaryKeyId\": 1, \"key\": [\"secret\"]}");
        }
        Files.createSymbolicLink(reports.resolve("idv-daily-2026-11-15.xlsx"), key);
        Files.writeString(reports.resolve("idv-daily-2026-11-16.xlsx"), "not a workbook");
        Files.writeString(reports.resolve("idv-daily-2026-11-16.xlsx.sha256"),
                org.springframework.util.DigestUtils.md5DigestAsHex("x".getBytes()) + "  idv-daily-2026-11-16.xlsx\n");
        Session finance = signIn("finance", PASSWORD, from);
        RawHttp.Response list = http.send("GET", "/reports", List.of("X-Forwarded-For: " + from,
                "Cookie: JSESSIONID=" + finance.sessionId() + "; idv-console-lang=en"), null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("idv-daily-2026-11-15", "idv-daily-2026-11-16")
                .contains("2 file(s) under the reports directory are not listed");
        for (String name : List.of("2026/11/idv-daily-2026-11-15.xlsx", "2026/11/idv-daily-2026-11-16.xlsx")) {
            RawHttp.Response r = http.send("GET", "/reports/file?name=" + name, List.of("X-Forwarded-For: " + from,
                    "Cookie: JSESSIONID=" + finance.sessionId()), null);
            assertThat(r.status()).as(name).isEqualTo(404);
            assertThat(r.body()).doesNotContain("primaryKeyId", "not a workbook");
            assertThat(audited("SELECT count(*) FROM console_audit WHERE actor = 'finance'"
                    + " AND action = 'DOWNLOAD_REPORT' AND target = ? AND outcome = 'REFUSED'", name)).isEqualTo(1);
        }
    }
}
