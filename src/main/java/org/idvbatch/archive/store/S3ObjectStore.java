package org.idvbatch.archive.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in a bucket of an S3-compatible store (AWS S3, MinIO, Alibaba OSS, Tencent COS). A PUT is atomic and
 * durable when it returns, so {@link #flush} has nothing to do. Every PUT carries its Content-MD5, so the store
 * refuses bytes damaged on the way. With {@link S3Settings.ObjectLock#COMPLIANCE}, every object is written with
 * S3 Object Lock in COMPLIANCE mode until its archive retain-until: nobody, root account included, can delete or
 * overwrite that version earlier. {@link #delete} then only hides the object (a delete marker in the versioned
 * bucket); the locked version stays, unreadable once its data key is shredded, until its lock ends and the
 * bucket's lifecycle rule removes it (archive.md, "S3 object store").
 *
 * <p>Errors name the bucket: an {@link IOException} for the store being unreachable or refusing the credentials,
 * {@link NoSuchFileException} for a missing object.
 */
public final class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client s3;
    private final S3Settings settings;

    S3ObjectStore(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    /** A store over its own client; {@code interceptors} see every request (tests record the lock headers). */
    public static S3ObjectStore open(S3Settings settings, ExecutionInterceptor... interceptors) {
        settings.requireComplete();
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(settings.timeout().multipliedBy(4)).apiCallAttemptTimeout(settings.timeout())
                .retryStrategy(RetryMode.STANDARD); // a few quick retries of 5xx and resets; the harvest retries the rest
        for (ExecutionInterceptor i : interceptors) {
            override.addExecutionInterceptor(i);
        }
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                // S3-compatible servers differ in the newer flexible checksums; Content-MD5 is understood by all
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // one signature over the whole (buffered) body rather than aws-chunked signing chunk by chunk
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .overrideConfiguration(override.build())
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(settings.maxConnections())
                        .connectionTimeout(settings.timeout()).socketTimeout(settings.timeout()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return new S3ObjectStore(builder.build(), settings);
    }

    private static AwsCredentialsProvider credentials(S3Settings s) {
        if (s.accessKeyId() != null && !s.accessKeyId().isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()));
        }
        if (s.credentialsFile() != null) {
            return ProfileCredentialsProvider.builder().profileName(s.profile())
                    .profileFile(ProfileFile.builder().content(s.credentialsFile()).type(ProfileFile.Type.CREDENTIALS)
                            .build()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public void put(String key, Content content) throws IOException {
        put(key, content, null);
    }

    @Override
    public void put(String key, Content content, Instant retainUntil) throws IOException {
        String full = fullKey(key);
        boolean lock = settings.objectLock() == S3Settings.ObjectLock.COMPLIANCE;
        if (lock && retainUntil == null) {
            throw new IllegalArgumentException(key + ": object-lock compliance needs a retain-until");
        }
        PartBuffer parts = new PartBuffer(full, lock ? retainUntil : null);
        try {
            content.writeTo(parts);
            parts.finish();
        } catch (IOException | RuntimeException e) {
            parts.abort();
            throw e;
        }
    }

    @Override
    public void flush(Collection<String> keys) {
        // a completed PUT is durable and visible
    }

    @Override
    public InputStream open(String key) throws IOException {
        String full = fullKey(key);
        try {
            return s3.getObject(b -> b.bucket(settings.bucket()).key(full));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(settings.describe() + ": no object " + full);
        } catch (SdkException e) {
            throw failure("read " + full, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String full = fullKey(key);
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(full));
        } catch (NoSuchKeyException e) {
            // already gone
        } catch (SdkException e) {
            throw failure("delete " + full, e);
        }
    }

    @Override
    public Stream<StoredObject> list() throws IOException {
        return listUnder("");
    }

    @Override
    public Stream<StoredObject> list(String prefix) throws IOException {
        return listUnder(ObjectStore.folder(prefix));
    }

    private Stream<StoredObject> listUnder(String folder) throws IOException {
        Iterator<S3Object> pages;
        try {
            pages = s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(settings.prefix() + folder))
                    .contents().iterator();
            pages.hasNext(); // the first page now, so that an unreachable store is an IOException here
        } catch (SdkException e) {
            throw failure("list", e);
        }
        Iterator<S3Object> checked = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return pages.hasNext();
                } catch (SdkException e) {
                    throw new UncheckedIOException(failure("list", e));
                }
            }

            @Override
            public S3Object next() {
                return pages.next();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(checked, Spliterator.ORDERED), false)
                .filter(o -> !o.key().endsWith("/")) // directory markers (some stores list them); never an object of ours
                .map(this::describe);
    }

    private StoredObject describe(S3Object o) {
        return new StoredObject(o.key().substring(settings.prefix().length()), o.size(), o.lastModified(), false);
    }

    /** Can we list the bucket with these credentials? For start-up checks and health. */
    public void checkAccess() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (SdkException e) {
            throw failure("reach", e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String fullKey(String key) {
        if (key.isEmpty() || key.startsWith("/") || ("/" + key + "/").contains("/../")) {
            throw new IllegalArgumentException("not a valid object key: " + key);
        }
        return settings.prefix() + key;
    }

    /**
     * An IOException naming the bucket and what the store said: unreachable, credentials refused, or other. The
     * SDK's exception is attached as suppressed, not as the cause, so that a one-line report of the root cause
     * (the CLI's) names the bucket.
     */
    private IOException failure(String what, SdkException e) {
        IOException io = new IOException(describeFailure(what, e));
        io.addSuppressed(e);
        return io;
    }

    private String describeFailure(String what, SdkException e) {
        String where = "archive store " + settings.describe() + ": cannot " + what;
        if (e instanceof S3Exception s) {
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            if (s.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
                    || "AccessDenied".equals(code)) {
                return where + ": the store refused the credentials (" + s.statusCode() + " " + code
                        + "); check IDV_ARCHIVE_S3_ACCESS_KEY_ID / IDV_ARCHIVE_S3_SECRET_ACCESS_KEY and the bucket's"
                        + " policy";
            }
            if ("NoSuchBucket".equals(code)) {
                return where + ": there is no bucket " + settings.bucket();
            }
            return where + ": " + s.statusCode() + " " + code;
        }
        if (e instanceof SdkClientException) {
            return where + ": the store is unreachable (" + rootMessage(e) + ")";
        }
        return where + ": " + e.getMessage();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String md5(byte[] bytes, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(bytes, 0, len);
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The object's bytes: kept in memory up to one part and sent as one PUT; beyond that, sent part by part as a
     * multipart upload that becomes visible only when completed (and is aborted on failure).
     */
    private final class PartBuffer extends OutputStream {
        private final String key;
        private final Instant retainUntil;
        private final Exposed buffer = new Exposed();
        private String uploadId;
        private final List<CompletedPart> done = new ArrayList<>();

        PartBuffer(String key, Instant retainUntil) {
            this.key = key;
            this.retainUntil = retainUntil;
        }

        @Override
        public void write(int b) throws IOException {
            buffer.write(b);
            spillIfFull();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = (int) Math.min(len, settings.partSize() - buffer.size());
                buffer.write(b, off, n);
                off += n;
                len -= n;
                spillIfFull();
            }
        }

        private void spillIfFull() throws IOException {
            if (buffer.size() >= settings.partSize()) {
                uploadPart();
            }
        }

        private void uploadPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = s3.createMultipartUpload(b -> {
                        b.bucket(settings.bucket()).key(key).contentType("application/octet-stream");
                        if (retainUntil != null) {
                            b.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(retainUntil);
                        }
                    }).uploadId();
                }
                int number = done.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                        .partNumber(number).contentMD5(md5(buffer.bytes(), buffer.size())),
                        RequestBody.fromBytes(buffer.toByteArray())).eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                buffer.reset();
            } catch (SdkException e) {
                throw failure("write " + key, e);
            }
        }

        void finish() throws IOException {
            try {
                if (uploadId == null) {
                    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(settings.bucket()).key(key)
                            .contentType("application/octet-stream").contentMD5(md5(buffer.bytes(), buffer.size()));
                    if (retainUntil != null) {
                        put.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(retainUntil);
                    }
                    s3.putObject(put.build(), RequestBody.fromContentProvider(
                            () -> new java.io.ByteArrayInputStream(buffer.bytes(), 0, buffer.size()), buffer.size(),
                            "application/octet-stream"));
                    return;
                }
                if (buffer.size() > 0) {
                    uploadPart();
                }
                s3.completeMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(done)));
            } catch (SdkException e) {
                throw failure("write " + key, e);
            }
        }

        void abort() {
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
                } catch (SdkException e) {
                    // left to the bucket's AbortIncompleteMultipartUpload lifecycle rule
                }
            }
        }
    }

    /** A ByteArrayOutputStream whose array is read without a copy. */
    private static final class Exposed extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }

}
