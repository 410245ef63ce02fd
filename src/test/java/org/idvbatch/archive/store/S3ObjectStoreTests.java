package org.idvbatch.archive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.idvbatch.SlowTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The S3 store against a real S3-compatible server (s3proxy) over HTTP. */
@SlowTest
class S3ObjectStoreTests {

    static final S3TestServer SERVER = S3TestServer.start();

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Test
    void objectPutIsReadBackListedAndDeleted() throws Exception {
        SERVER.createBucket("plain");
        try (S3ObjectStore store = S3ObjectStore.open(SERVER.settings("plain", S3Settings.ObjectLock.NONE))) {
            store.put("tencent-faceid/2026/12/01/1-face_image-0-ab.tink", out -> out.write(bytes("sealed")));

            try (InputStream in = store.open("tencent-faceid/2026/12/01/1-face_image-0-ab.tink")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("sealed");
            }
            try (Stream<StoredObject> listed = store.list()) {
                assertThat(listed.toList()).singleElement().satisfies(o -> {
                    assertThat(o.key()).as("listed without the prefix").isEqualTo(
                            "tencent-faceid/2026/12/01/1-face_image-0-ab.tink");
                    assertThat(o.size()).isEqualTo(6);
                    assertThat(o.incomplete()).isFalse();
                });
            }
            store.delete("tencent-faceid/2026/12/01/1-face_image-0-ab.tink");
            store.delete("tencent-faceid/2026/12/01/1-face_image-0-ab.tink"); // already gone: no error
            assertThatThrownBy(() -> store.open("tencent-faceid/2026/12/01/1-face_image-0-ab.tink"))
                    .isInstanceOf(NoSuchFileException.class).hasMessageContaining("s3://plain/evidence/");
            try (Stream<StoredObject> listed = store.list()) {
                assertThat(listed).isEmpty();
            }
        }
    }

    @Test
    void aFolderListingAsksTheServerForThatPrefixOnly() throws Exception {
        SERVER.createBucket("folders");
        try (S3ObjectStore store = S3ObjectStore.open(SERVER.settings("folders", S3Settings.ObjectLock.NONE))) {
            for (String key : List.of("p/2026/11/25/a.tink", "p/2026/11/26/b.tink", "q/2026/11/25/c.tink")) {
                store.put(key, out -> out.write(bytes(key)));
            }
            try (var listed = store.list("p/2026/11/25/")) {
                assertThat(listed).extracting(StoredObject::key).containsExactly("p/2026/11/25/a.tink");
            }
            assertThatThrownBy(() -> store.list("p/2026")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void objectLargerThanOnePartIsUploadedInPartsAndReadBackWhole() throws Exception {
        SERVER.createBucket("videos");
        byte[] video = new byte[5 * 1024 * 1024 + 12345];
        new java.util.Random(7).nextBytes(video);
        List<String> operations = new CopyOnWriteArrayList<>();
        try (S3ObjectStore store = S3ObjectStore.open(SERVER.settings("videos", S3Settings.ObjectLock.NONE),
                recorder(operations, new CopyOnWriteArrayList<>()))) {
            store.put("v/1-liveness_video-0-cd.tink", out -> {
                for (int off = 0; off < video.length; off += 4096) {
                    out.write(video, off, Math.min(4096, video.length - off));
                }
            });
            try (InputStream in = store.open("v/1-liveness_video-0-cd.tink")) {
                assertThat(in.readAllBytes()).isEqualTo(video);
            }
        }
        assertThat(operations).contains("CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload")
                .doesNotContain("PutObject");
    }

    @Test
    void failedWriteLeavesNoObject() throws Exception {
        SERVER.createBucket("failing");
        try (S3ObjectStore store = S3ObjectStore.open(SERVER.settings("failing", S3Settings.ObjectLock.NONE))) {
            assertThatThrownBy(() -> store.put("x/1.tink", out -> {
                out.write(new byte[6 * 1024 * 1024]); // a part is already uploaded
                throw new IOException("source failed");
            })).hasMessage("source failed");
            try (Stream<StoredObject> listed = store.list()) {
                assertThat(listed).isEmpty();
            }
        }
    }

    @Test
    void complianceLockSendsModeAndRetainUntilWithEveryObject() throws Exception {
        SERVER.createBucket("locked");
        List<String> operations = new CopyOnWriteArrayList<>();
        List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
        Instant retainUntil = Instant.parse("2029-12-01T16:00:00Z");
        try (S3ObjectStore store = S3ObjectStore.open(SERVER.settings("locked", S3Settings.ObjectLock.COMPLIANCE),
                recorder(operations, headers))) {
            store.put("a/1-face_image-0-ef.tink", out -> out.write(bytes("locked")), retainUntil);
            assertThatThrownBy(() -> store.put("a/2.tink", out -> out.write(bytes("x"))))
                    .as("a locked store never writes an object without its date")
                    .isInstanceOf(IllegalArgumentException.class);
        }
        Map<String, List<String>> put = headers.get(operations.indexOf("PutObject"));
        assertThat(put).containsEntry("x-amz-object-lock-mode", List.of("COMPLIANCE"))
                .containsEntry("x-amz-object-lock-retain-until-date", List.of("2029-12-01T16:00:00Z"))
                .containsKey("Content-MD5");
    }

    @Test
    void wrongCredentialsAreAClearErrorNamingTheBucket() {
        SERVER.createBucket("guarded");
        try (S3ObjectStore store = S3ObjectStore.open(SERVER.settings("guarded", S3Settings.ObjectLock.NONE,
                S3TestServer.ACCESS_KEY, "not-the-secret"))) {
            assertThatThrownBy(() -> store.put("k/1.tink", out -> out.write(bytes("x"))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("s3://guarded/evidence/")
                    .hasMessageContaining("refused the credentials")
                    .hasMessageContaining("IDV_ARCHIVE_S3_SECRET_ACCESS_KEY")
                    .hasMessageNotContaining("not-the-secret");
            assertThatThrownBy(store::checkAccess).hasMessageContaining("s3://guarded/");
        }
    }

    @Test
    void unreachableStoreIsAnIoErrorNamingTheBucket() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        S3Settings s = SERVER.settings("nowhere", S3Settings.ObjectLock.NONE);
        S3Settings closed = new S3Settings(URI.create("http://127.0.0.1:" + port), s.region(), s.bucket(), s.prefix(),
                true, s.objectLock(), s.accessKeyId(), s.secretAccessKey(), null, "default",
                java.time.Duration.ofSeconds(1), 4, s.partSize());
        try (S3ObjectStore store = S3ObjectStore.open(closed)) {
            assertThatThrownBy(() -> store.put("k/1.tink", out -> out.write(bytes("x"))))
                    .isInstanceOf(IOException.class).hasMessageContaining("s3://nowhere/evidence/")
                    .hasMessageContaining("unreachable");
            assertThatThrownBy(store::list).isInstanceOf(IOException.class).hasMessageContaining("unreachable");
        }
    }

    @Test
    void missingBucketIsNamed() {
        try (S3ObjectStore store = S3ObjectStore.open(SERVER.settings("never-created", S3Settings.ObjectLock.NONE))) {
            assertThatThrownBy(() -> store.put("k/1.tink", out -> out.write(bytes("x"))))
                    .hasMessageContaining("never-created");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records each request's operation name and HTTP headers as sent. */
    static ExecutionInterceptor recorder(List<String> operations, List<Map<String, List<String>>> headers) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                headers.add(Map.copyOf(context.httpRequest().headers()));
                operations.add(attributes.getAttribute(
                        software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME));
            }
        };
    }
}
