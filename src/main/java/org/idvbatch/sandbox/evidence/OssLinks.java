package org.idvbatch.sandbox.evidence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, expiring picture URLs served by the sandbox itself under {@code /_sandbox/oss/}, like signed OSS
 * object URLs: {@code /_sandbox/oss/<object>?Expires=<epoch s>&Signature=<HMAC>}. Expiry is on the sandbox
 * clock; a tampered or expired link gets OSS's own 403 AccessDenied XML.
 */
public final class OssLinks {

    /** What a link points at: the session's evidence seed and which picture. */
    public record Target(long seed, EvidenceImages.Kind kind, int index) {
    }

    private final byte[] key = new byte[32];

    public OssLinks() {
        new SecureRandom().nextBytes(key);
    }

    /** Path + query (no scheme/host) of a link valid until {@code expires}. */
    public String path(Target t, Instant expires) {
        String object = t.seed() + "/" + t.kind().name().toLowerCase() + "-" + t.index() + ".jpg";
        long exp = expires.getEpochSecond();
        return "/_sandbox/oss/" + object + "?Expires=" + exp + "&Signature=" + sign(object + "\n" + exp);
    }

    /** Resolves a link; empty if the signature does not match. Expiry is checked by the caller. */
    public Optional<Target> resolve(String object, String expires, String signature) {
        if (object == null || expires == null || signature == null
                || !sign(object + "\n" + expires).equals(signature)) {
            return Optional.empty();
        }
        try {
            String[] parts = object.split("/");
            String[] file = parts[1].replace(".jpg", "").split("-");
            return Optional.of(new Target(Long.parseLong(parts[0]),
                    EvidenceImages.Kind.valueOf(file[0].replace("id_", "ID_").toUpperCase()),
                    Integer.parseInt(file[file.length - 1])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
