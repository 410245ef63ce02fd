package org.idvbatch.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP request as received: header names lower-cased (first value wins), the raw query and the body.
 */
public record SandboxRequest(String method, String path, String rawQuery, Map<String, String> headers,
        byte[] body) {

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isForm() {
        String ct = header("content-type");
        return ct != null && ct.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    /** Decoded query parameters in order of appearance. */
    public Map<String, String> queryParams() {
        return decode(rawQuery);
    }

    /** Decoded form-body parameters, or empty when the body is not a form. */
    public Map<String, String> formParams() {
        return isForm() ? decode(bodyText()) : Map.of();
    }

    static Map<String, String> decode(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
