package org.idvbatch.provider.aliyun.oss;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An OSS GetObject URL signed in the query string (OSS signature V1, the form of the OSS SDK's presigned
 * URLs): {@code OSSAccessKeyId}, {@code Expires} (epoch seconds) and {@code Signature} = base64 of
 * HMAC-SHA1(secret, "GET\n\n\n" + Expires + "\n/" + bucket + "/" + object). The query form is used because
 * java.net.http refuses to set the Date header the header form signs. Virtual-hosted style
 * ({@code bucket.endpoint}) as OSS requires, except for an IP or localhost endpoint (the local sandbox),
 * which gets path style, as the OSS SDK does for IP endpoints.
 */
final class OssSignedUrl {

    private static final Pattern IP_OR_LOCAL = Pattern.compile("(localhost|\\d{1,3}(\\.\\d{1,3}){3}|\\[.*])(:\\d+)?");

    private OssSignedUrl() {
    }

    static URI of(String protocol, String endpoint, String bucket, String object, String accessKeyId,
                  String secret, Instant expires) {
        long exp = expires.getEpochSecond();
        String signature = sign(secret, "GET\n\n\n" + exp + "\n/" + bucket + "/" + object);
        String path = encodePath(object);
        String base = IP_OR_LOCAL.matcher(endpoint).matches()
                ? protocol + "://" + endpoint + "/" + bucket + "/" + path
                : protocol + "://" + bucket + "." + endpoint + "/" + path;
        return URI.create(base + "?OSSAccessKeyId=" + encode(accessKeyId) + "&Expires=" + exp + "&Signature="
                + encode(signature));
    }

    static String sign(String secret, String stringToSign) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 3986 percent-encoding of each path segment; the slashes of the object key stay. */
    private static String encodePath(String object) {
        return String.join("/", java.util.Arrays.stream(object.split("/", -1)).map(OssSignedUrl::encode).toList());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
