package org.idvbatch.sandbox.aliyun;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud POP signatures (providers.md §5.1, §5.2): RPC v1 HMAC-SHA1 over the sorted, percent-encoded
 * parameters with key {@code secret + "&"}, and V3 {@code ACS3-HMAC-SHA256} over a canonical request.
 * Used by the sandbox to verify and by tests to sign by hand.
 */
public final class PopSignatures {

    public static final String ACS3 = "ACS3-HMAC-SHA256";

    private PopSignatures() {
    }

    /** UTF-8 URL-encoding with {@code +}->{@code %20}, {@code *}->{@code %2A}, {@code %7E}->{@code ~}. */
    public static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** Sorted {@code k=v&...} with both sides percent-encoded (Signature itself excluded). */
    public static String canonicalQuery(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (e.getKey().equals("Signature")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(percentEncode(e.getKey())).append('=').append(percentEncode(e.getValue() == null ? ""
                    : e.getValue()));
        }
        return sb.toString();
    }

    public static String rpcStringToSign(String method, Map<String, String> params) {
        return method + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(params));
    }

    /** RPC v1: Base64(HMAC-SHA1(secret + "&", StringToSign)). */
    public static String rpcSignature(String method, Map<String, String> params, String secret) {
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", (secret + "&").getBytes(StandardCharsets.UTF_8),
                rpcStringToSign(method, params)));
    }

    /** V3 canonical request; header names lower-case, values trimmed. */
    public static String acs3CanonicalRequest(String method, String path, Map<String, String> query,
            List<String> signedHeaders, Map<String, String> headers, String hashedPayload) {
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String h : signedHeaders) {
            String v = headers.get(h);
            canonicalHeaders.append(h).append(':').append(v == null ? "" : v.trim()).append('\n');
        }
        return method + "\n" + (path == null || path.isEmpty() ? "/" : path) + "\n" + canonicalQuery(query) + "\n"
                + canonicalHeaders + "\n" + String.join(";", signedHeaders) + "\n" + hashedPayload;
    }

    /** V3: hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(SHA256(canonicalRequest)))). */
    public static String acs3Signature(String canonicalRequest, String secret) {
        String stringToSign = ACS3 + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
