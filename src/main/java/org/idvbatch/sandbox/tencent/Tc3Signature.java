package org.idvbatch.sandbox.tencent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud API 3.0 signature TC3-HMAC-SHA256 (providers.md §5.3): canonical request, string to sign,
 * the date/service/tc3_request key chain. Used by the sandbox to verify and by tests to sign by hand.
 */
public final class Tc3Signature {

    public static final String ALGORITHM = "TC3-HMAC-SHA256";

    private Tc3Signature() {
    }

    /**
     * Canonical request. {@code signedHeaders} are lower-case names; their values are trimmed and lower-cased,
     * as the API 3.0 rules say (the SDK's {@code x-tc-action:describeinstances}).
     */
    public static String canonicalRequest(String method, String canonicalQuery, List<String> signedHeaders,
            Map<String, String> headerValues, byte[] payload) {
        StringBuilder headers = new StringBuilder();
        for (String h : signedHeaders) {
            String v = headerValues.get(h);
            headers.append(h).append(':').append(v == null ? "" : v.trim().toLowerCase()).append('\n');
        }
        return method + "\n/\n" + (canonicalQuery == null ? "" : canonicalQuery) + "\n" + headers + "\n"
                + String.join(";", signedHeaders) + "\n" + sha256Hex(payload);
    }

    /** The scope's date: the UTC calendar date of the request timestamp. */
    public static String date(long timestamp) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(timestamp), ZoneOffset.UTC).toString();
    }

    /**
     * The scope's service as the Java SDK derives it: the first DNS label of the endpoint
     * ({@code endpoint.split("\\.")[0]}), so {@code 127.0.0.1:8443} signs as service {@code 127}.
     */
    public static String serviceOf(String host) {
        return host == null ? "" : host.split("\\.")[0];
    }

    public static String signature(String secretKey, long timestamp, String service, String canonicalRequest) {
        String date = date(timestamp);
        String stringToSign = ALGORITHM + "\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] secretDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmac(secretDate, service);
        byte[] secretSigning = hmac(secretService, "tc3_request");
        return HexFormat.of().formatHex(hmac(secretSigning, stringToSign));
    }

    /** The Authorization header value for a computed signature. */
    public static String authorization(String secretId, long timestamp, String service, List<String> signedHeaders,
            String signature) {
        return ALGORITHM + " Credential=" + secretId + "/" + date(timestamp) + "/" + service + "/tc3_request, "
                + "SignedHeaders=" + String.join(";", signedHeaders) + ", Signature=" + signature;
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
