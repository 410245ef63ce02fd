package org.idvbatch.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's first filter, ahead of Spring Security: every parameter (name and value, from the query string
 * and from a form body), the path, every header and every cookie is checked for what no page of the console takes
 * (NUL and other control characters, bytes that are not UTF-8, values longer than any form allows, a language the
 * console does not speak). A request that carries one is answered 400 with the console's error page in the
 * reader's language, naming the field, and leaves one WARN line; nothing behind this filter (sign-in, queries, the
 * audit, file names) ever sees it.
 */
final class RequestInputGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestInputGuard.class);

    /** Request attributes the error page reads: which field was refused, and the message key saying why. */
    static final String REFUSED_FIELD = RequestInputGuard.class.getName() + ".field";
    static final String REFUSED_WHY = RequestInputGuard.class.getName() + ".why";

    /** The longest value any form of the console sends (the reason field's maxlength). */
    static final int MAX_VALUE = 2_000;
    static final int MAX_PATH = 1_000;
    static final int MAX_PARAMETERS = 64;
    static final int MAX_HEADER = 8_000;
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.\\-\\[\\]]{1,64}");
    /** The languages of the console's pages, as {@code ?lang=} names them. */
    static final Set<String> LANGUAGES = Set.of("en", "zh_CN", "zh-CN", "zh");
    /** The cookie that keeps the reader's language (ConsoleWebConfiguration), as the locale resolver writes it. */
    static final String LANGUAGE_COOKIE = "idv-console-lang";

    /** Why a value is refused, as message keys of the error page. */
    enum Why {
        CONTROL("input.control"), NOT_UTF8("input.notUtf8"), TOO_LONG("input.tooLong"), NAME("input.name"),
        TOO_MANY("input.tooMany"), LANGUAGE("input.language");

        final String key;

        Why(String key) {
            this.key = key;
        }
    }

    /** A refused part of a request: where it is (e.g. {@code parameter merchantBizId}) and why. */
    record Refusal(String field, Why why) {
    }

    @Override
    protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
            throws ServletException, IOException {
        Optional<Refusal> refusal = check(req);
        if (refusal.isPresent()) {
            Refusal r = refusal.get();
            log.warn("refused a request to {}: {} ({}) from {}", printable(req.getRequestURI(), 120), r.field(),
                    r.why().name().toLowerCase(java.util.Locale.ROOT), req.getRemoteAddr());
            req.setAttribute(REFUSED_FIELD, r.field());
            req.setAttribute(REFUSED_WHY, r.why().key);
            if (r.field().equals("cookie " + LANGUAGE_COOKIE)) { // a cookie that would refuse every page: gone
                Cookie gone = new Cookie(LANGUAGE_COOKIE, "");
                gone.setPath("/");
                gone.setMaxAge(0);
                res.addCookie(gone);
            }
            // the error page (ConsoleErrorPage) reads none of the refused input: the language interceptor and the
            // locale cookie's resolver ignore what they cannot read on that dispatch
            res.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        chain.doFilter(req, res);
    }

    static Optional<Refusal> check(HttpServletRequest req) {
        String uri = req.getRequestURI();
        if (uri != null) {
            if (uri.length() > MAX_PATH) {
                return refuse("path", Why.TOO_LONG);
            }
            Why why = text(percentDecoded(uri), MAX_PATH, false);
            if (why != null) {
                return refuse("path", why);
            }
        }
        for (String[] pair : queryPairs(req.getQueryString())) {
            if (pair[0] == null) {
                return refuse("parameter name", Why.NOT_UTF8);
            }
            if (pair[1] == null) {
                return refuse("parameter " + printable(pair[0], 64), Why.NOT_UTF8);
            }
        }
        Map<String, String[]> params;
        try {
            params = req.getParameterMap();
        } catch (RuntimeException e) { // the container could not read the parameters (bad encoding, too many)
            return refuse("parameters", Why.NOT_UTF8);
        }
        if (params.size() > MAX_PARAMETERS) {
            return refuse("parameters", Why.TOO_MANY);
        }
        for (Map.Entry<String, String[]> p : params.entrySet()) {
            if (!PARAMETER_NAME.matcher(p.getKey()).matches()) {
                return refuse("parameter name " + printable(p.getKey(), 64), Why.NAME);
            }
            for (String v : p.getValue()) {
                Why why = text(v, MAX_VALUE, true);
                if (why != null) {
                    return refuse("parameter " + p.getKey(), why);
                }
            }
        }
        String[] lang = params.get("lang");
        if (lang != null) {
            for (String l : lang) {
                if (!LANGUAGES.contains(l)) {
                    return refuse("parameter lang", Why.LANGUAGE);
                }
            }
        }
        Enumeration<String> headers = req.getHeaderNames();
        while (headers != null && headers.hasMoreElements()) {
            String h = headers.nextElement();
            for (Enumeration<String> vs = req.getHeaders(h); vs.hasMoreElements(); ) {
                Why why = text(vs.nextElement(), MAX_HEADER, false);
                if (why != null) {
                    return refuse("header " + printable(h, 64), why);
                }
            }
        }
        Cookie[] cookies;
        try {
            cookies = req.getCookies();
        } catch (RuntimeException e) {
            return refuse("cookie", Why.NOT_UTF8);
        }
        if (cookies != null) {
            for (Cookie c : cookies) {
                Why why = text(c.getValue(), MAX_HEADER, false);
                if (why != null) {
                    return refuse("cookie " + printable(c.getName(), 64), why);
                }
                if (c.getName().equals(LANGUAGE_COOKIE) && !LANGUAGES.contains(c.getValue())) {
                    return refuse("cookie " + LANGUAGE_COOKIE, Why.LANGUAGE);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The query string's parameters as {@code {name, value}}, each percent-decoded from UTF-8 (null where the bytes
     * are not UTF-8), read from the raw query as the container received it.
     */
    static java.util.List<String[]> queryPairs(String query) {
        java.util.List<String[]> pairs = new java.util.ArrayList<>();
        if (query != null) {
            for (String pair : query.split("&", -1)) {
                int eq = pair.indexOf('=');
                pairs.add(new String[] {percentDecoded((eq < 0 ? pair : pair.substring(0, eq)).replace('+', ' ')),
                    percentDecoded((eq < 0 ? "" : pair.substring(eq + 1)).replace('+', ' '))});
            }
        }
        return pairs;
    }

    private static Optional<Refusal> refuse(String field, Why why) {
        return Optional.of(new Refusal(field, why));
    }

    /**
     * What is wrong with one value, or null: over {@code max} characters, a control character (tab, CR and LF
     * only in a form value, where a reason may hold them), or U+FFFD, which the container puts where a byte
     * sequence was not UTF-8.
     */
    static Why text(String value, int max, boolean formValue) {
        if (value == null) {
            return Why.NOT_UTF8;
        }
        if (value.length() > max) {
            return Why.TOO_LONG;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\uFFFD') {
                return Why.NOT_UTF8;
            }
            if (Character.isISOControl(c) && !(formValue && (c == '\t' || c == '\n' || c == '\r'))) {
                return Why.CONTROL;
            }
        }
        if (!value.codePoints().allMatch(Character::isDefined)) {
            return Why.NOT_UTF8;
        }
        return null;
    }

    /** The percent-decoded UTF-8 text of a raw URI part, or null when its bytes are not UTF-8. */
    static String percentDecoded(String raw) {
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.put((byte) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2))));
                i += 2;
            } else if (c <= 0xFF) { // the container hands a raw byte over as the character of that code
                bytes.put((byte) c);
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** At most {@code max} characters of {@code s} with every control character shown as {@code ?}: safe for a log line. */
    static String printable(String s, int max) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || c == '\uFFFD' ? '?' : c);
        }
        return s.length() > max ? b + "…" : b.toString();
    }
}
