package org.idvbatch.sandbox.aliyun.oss;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.CallNote;
import org.idvbatch.sandbox.ProviderProtocol;
import org.idvbatch.sandbox.SandboxRequest;
import org.idvbatch.sandbox.SandboxResponse;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.evidence.EvidenceImages;

/**
 * OSS GetObject, path style ({@code /<bucket>/<object>}), signature V1: HMAC-SHA1 of
 * {@code VERB\nContent-MD5\nContent-Type\n<Date or Expires>\n<x-oss- headers>/<bucket>/<object>}, carried
 * either in the query ({@code OSSAccessKeyId, Expires, Signature}) or as {@code Authorization: OSS id:sig}
 * with a Date header (15 minutes of skew allowed). Errors as OSS gives them (XML): InvalidAccessKeyId,
 * SignatureDoesNotMatch, AccessDenied (expired link, another account's bucket), RequestTimeTooSkewed,
 * NoSuchBucket, NoSuchKey. The object served is the same picture the Cloudauth pictureUrl serves.
 * ASSUMPTION: a purged verification's object is gone (NoSuchKey), as if the merchant's lifecycle rule ran.
 */
public final class OssGetObject implements ProviderProtocol {

    private static final String PROVIDER = "aliyun-oss";
    private static final long MAX_SKEW_SECONDS = 15 * 60;
    private final SandboxState state;

    public OssGetObject(SandboxState state) {
        this.state = state;
    }

    @Override
    public boolean claims(SandboxRequest request) {
        String auth = request.header("authorization");
        return request.queryParams().containsKey("OSSAccessKeyId") || (auth != null && auth.startsWith("OSS "));
    }

    @Override
    public Provider provider(SandboxRequest request) {
        return null; // no fault profile of its own
    }

    @Override
    public SandboxResponse serverError(SandboxRequest request) {
        return error(503, "InternalError", "We encountered an internal error. Please try again.", null);
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String path = URLDecoder.decode(request.path(), StandardCharsets.UTF_8);
        int slash = path.indexOf('/', 1);
        if (!"GET".equals(request.method()) || slash < 0) {
            return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", null);
        }
        String bucket = path.substring(1, slash);
        String object = path.substring(slash + 1);
        Map<String, String> q = request.queryParams();
        String auth = request.header("authorization");
        String accessKeyId;
        String signature;
        String timestamp;
        if (q.containsKey("OSSAccessKeyId")) {
            accessKeyId = q.get("OSSAccessKeyId");
            signature = q.getOrDefault("Signature", "");
            timestamp = q.getOrDefault("Expires", "");
        } else {
            int colon = auth.indexOf(':');
            accessKeyId = colon < 0 ? "" : auth.substring(4, colon);
            signature = colon < 0 ? "" : auth.substring(colon + 1);
            timestamp = request.header("date") == null ? "" : request.header("date");
        }
        Optional<String> secret = state.accounts().secret(accessKeyId);
        if (secret.isEmpty()) {
            return error(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.",
                    null);
        }
        String stringToSign = "GET\n" + nz(request.header("content-md5")) + "\n" + nz(request.header("content-type"))
                + "\n" + timestamp + "\n/" + bucket + "/" + object;
        if (!MessageDigest.isEqual(sign(secret.get(), stringToSign).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            return error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided. Check your key and signing method.", accessKeyId);
        }
        long now = state.clock().transportNow().getEpochSecond();
        if (q.containsKey("OSSAccessKeyId") ? now > parseLong(timestamp) : skewed(timestamp, now)) {
            return q.containsKey("OSSAccessKeyId")
                    ? error(403, "AccessDenied", "Request has expired.", accessKeyId)
                    : error(403, "RequestTimeTooSkewed", "The difference between the request time and the current "
                    + "time is too large.", accessKeyId);
        }
        if (!bucket.startsWith("cn-shanghai-aliyun-cloudauth-")) {
            return error(404, "NoSuchBucket", "The specified bucket does not exist.", accessKeyId);
        }
        if (!bucket.equals(CloudauthBucket.of(accessKeyId))) {
            return error(403, "AccessDenied", "You have no right to access this object because of bucket acl.",
                    accessKeyId);
        }
        String certifyId = CloudauthBucket.certifyIdOf(object);
        SandboxSession s = certifyId == null ? null : state.sessions().find(Provider.ALIYUN_CLOUDAUTH, certifyId)
                .filter(x -> x.spec().account().equals(accessKeyId) && x.outcome().completed()).orElse(null);
        if (s == null) {
            return error(404, "NoSuchKey", "The specified key does not exist.", accessKeyId);
        }
        return new SandboxResponse(200, "image/jpeg", state.evidence().jpeg(s.evidenceSeed(),
                EvidenceImages.Kind.FRAME, 0), note(accessKeyId, "200"));
    }

    private static boolean skewed(String date, long now) {
        try {
            long at = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
            return Math.abs(now - at) > MAX_SKEW_SECONDS;
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private SandboxResponse error(int status, String code, String message, String account) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" + code + "</Code>\n  <Message>"
                + message + "</Message>\n  <RequestId>" + state.newRequestId() + "</RequestId>\n"
                + "  <HostId>sandbox-oss</HostId>\n</Error>\n";
        return new SandboxResponse(status, "application/xml", xml.getBytes(StandardCharsets.UTF_8),
                note(account, code));
    }

    private CallNote note(String account, String outcome) {
        return new CallNote(PROVIDER, "GetObject", account, state.newRequestId(), outcome, false);
    }

    private static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
