package org.idvbatch.archive.store;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.idvbatch.settings.InvalidSettingException;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.archive.s3.*}: where the S3-compatible store is and how to reach it (documented in
 * config/application.yml and archive.md).
 *
 * @param endpoint          the service's URL (MinIO, OSS, COS, or AWS); empty = AWS's regional endpoint
 * @param region            signing region ({@code us-east-1} for most S3-compatible servers)
 * @param bucket            the bucket; with {@code object-lock: compliance} it must have been created with Object Lock
 * @param prefix            keys are written under this prefix ({@code ""} = the bucket's root)
 * @param pathStyle         {@code http://host/bucket/key} rather than {@code http://bucket.host/key}
 * @param objectLock        {@code none} or {@code compliance}: every object written with a COMPLIANCE retain-until
 * @param accessKeyId       from the environment ({@code IDV_ARCHIVE_S3_ACCESS_KEY_ID}); empty = the credentials file,
 *                          else the SDK's default chain (AWS_ACCESS_KEY_ID, profiles, instance roles)
 * @param secretAccessKey   from the environment ({@code IDV_ARCHIVE_S3_SECRET_ACCESS_KEY})
 * @param credentialsFile   an AWS-format credentials file, read when no key is in the environment
 * @param profile           the profile in that file
 * @param timeout           connect and per-call timeout
 * @param maxConnections    HTTP connections to the store (harvest call threads write concurrently)
 * @param partSize          objects up to this size go in one PUT; larger ones (videos) as a multipart upload
 */
public record S3Settings(URI endpoint, @DefaultValue("us-east-1") String region, String bucket,
                         @DefaultValue("") String prefix, @DefaultValue("true") boolean pathStyle,
                         @DefaultValue("none") ObjectLock objectLock, String accessKeyId, String secretAccessKey,
                         Path credentialsFile, @DefaultValue("default") String profile,
                         @DefaultValue("30s") Duration timeout, @DefaultValue("64") int maxConnections,
                         @DefaultValue("8388608") long partSize) {

    /** S3 Object Lock as idv-batch uses it. */
    public enum ObjectLock { NONE, COMPLIANCE }

    public S3Settings {
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (partSize < 5L * 1024 * 1024) {
            throw new InvalidSettingException("idv.archive.s3.part-size", partSize,
                    "at least 5242880 bytes (5 MiB, S3's minimum part)");
        }
        InvalidSettingException.atLeast("idv.archive.s3.max-connections", maxConnections, 1);
        if (timeout != null) {
            InvalidSettingException.positive("idv.archive.s3.timeout", timeout);
        }
    }

    /** @throws IllegalStateException naming the missing key, at start */
    S3Settings requireComplete() {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalStateException("config: idv.archive.store is s3 but idv.archive.s3.bucket is not set");
        }
        if ((accessKeyId == null || accessKeyId.isBlank()) != (secretAccessKey == null || secretAccessKey.isBlank())) {
            throw new IllegalStateException("config: idv.archive.s3: only one of access-key-id and secret-access-key"
                    + " is set (IDV_ARCHIVE_S3_ACCESS_KEY_ID / IDV_ARCHIVE_S3_SECRET_ACCESS_KEY)");
        }
        return this;
    }

    /** Where the bucket is, for messages: {@code s3://bucket/prefix at endpoint}. */
    public String describe() {
        return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
    }
}
