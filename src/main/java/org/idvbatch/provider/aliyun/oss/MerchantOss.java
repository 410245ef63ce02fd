package org.idvbatch.provider.aliyun.oss;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.idvbatch.provider.MerchantEvidenceStore;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.idvbatch.provider.ProviderProperties;
import org.springframework.stereotype.Component;

/**
 * Reads an evidence object from the merchant's OSS bucket with the AccessKey of the provider account's
 * {@code oss} settings. Failures keep OSS's own error code ({@code OssSignatureDoesNotMatch},
 * {@code OssNoSuchKey}, ...): 5xx and transport errors are transient (retried), 4xx permanent, as for
 * picture URLs. The signed URL is a credential: only bucket and object name appear in messages.
 */
@Component
class MerchantOss implements MerchantEvidenceStore {

    /** A signed URL needs to live only for the one GET it is made for. */
    static final Duration URL_VALIDITY = Duration.ofMinutes(5);
    static final long MAX_BYTES = 50L << 20;
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]{1,64})</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]{1,300})</Message>");

    private final ProviderProperties properties;
    /** OSS checks Expires against its wall clock: the transport's time, not the (movable) business clock. */
    private final Clock transportClock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    MerchantOss(ProviderProperties properties) {
        this.properties = properties;
    }

    /** Whether the account has OSS access configured (endpoint and both keys). */
    @Override
    public boolean configured(Provider provider, String account) {
        ProviderProperties.Oss oss = settings(provider, account);
        return oss != null && oss.configured();
    }

    /** OSS's NoSuchKey is a refusal to the OSS client, but for evidence it means the picture is gone. */
    @Override
    public byte[] read(Provider provider, String account, String bucket, String object, String what)
            throws ProviderCallException {
        try {
            return get(provider, account, bucket, object, what);
        } catch (ProviderCallException e) {
            if (e.code().equals("OssNoSuchKey")) {
                throw new ProviderCallException(Kind.GONE, e.code(), e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * @param what names the item in errors, e.g. "session 17 FACE_IMAGE #0"
     */
    public byte[] get(Provider provider, String account, String bucket, String object, String what)
            throws ProviderCallException {
        ProviderProperties.Oss oss = settings(provider, account);
        String config = "idv.providers." + provider.code() + ".accounts." + account + ".oss";
        if (oss == null || !oss.configured()) {
            throw new ProviderCallException(Kind.NOT_CONFIGURED, "OssNotConfigured", what + " is in OSS bucket "
                    + bucket + " but " + config + " (endpoint, access-key-id, access-key-secret) is not set");
        }
        String where = what + " from oss://" + bucket + "/" + object;
        HttpRequest request = HttpRequest.newBuilder(OssSignedUrl.of(oss.protocol(), oss.endpoint(), bucket, object,
                oss.accessKeyId(), oss.accessKeySecret(), transportClock.instant().plus(URL_VALIDITY)))
                .timeout(Duration.ofSeconds(20)).GET().build();
        try {
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] body = in.readNBytes((int) MAX_BYTES + 1);
                if (r.statusCode() == 200 && body.length > 0 && body.length <= MAX_BYTES) {
                    return body;
                }
                if (r.statusCode() == 200) {
                    throw new ProviderCallException(Kind.PERMANENT, "OssObjectSize", where + ": "
                            + (body.length == 0 ? "empty object" : "more than " + MAX_BYTES + " bytes"));
                }
                throw refused(r.statusCode(), new String(body, 0, Math.min(body.length, 4096),
                        StandardCharsets.UTF_8), where, config);
            }
        } catch (IOException e) {
            throw new ProviderCallException(Kind.TRANSIENT, "OssTransportError", where + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderCallException(Kind.TRANSIENT, "Interrupted", where + ": interrupted", e);
        }
    }

    private static ProviderCallException refused(int status, String xml, String where, String config) {
        Matcher code = XML_CODE.matcher(xml);
        Matcher message = XML_MESSAGE.matcher(xml);
        String ossCode = code.find() ? code.group(1) : "HTTP" + status;
        String hint = switch (ossCode) {
            case "SignatureDoesNotMatch", "InvalidAccessKeyId" -> " (check " + config + ".access-key-id / -secret)";
            case "AccessDenied" -> " (the AccessKey of " + config + " may not read this bucket)";
            default -> "";
        };
        Kind kind = status >= 500 || status == 429 ? Kind.TRANSIENT
                : Set.of("SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied").contains(ossCode)
                ? Kind.ACCOUNT_REFUSED : Kind.PERMANENT; // the merchant's key, not the session, is refused
        return new ProviderCallException(kind,
                "Oss" + ossCode, where + ": HTTP " + status + " " + ossCode
                + (message.find() ? ": " + message.group(1) : "") + hint);
    }

    private ProviderProperties.Oss settings(Provider provider, String account) {
        ProviderProperties.ProviderSettings p = properties.providers().get(provider.code());
        ProviderProperties.AccountSettings a = p == null ? null : p.accounts().get(account);
        return a == null ? null : a.oss();
    }
}
