package org.idvbatch.archive.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server in this JVM: s3proxy over jclouds' filesystem back end, on a free loopback port,
 * checking AWS V4 signatures with one access key. It does not implement S3 Object Lock: lock headers are
 * accepted and ignored. Each bucket made here is a directory under {@link #dir()}.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "idv-test-access";
    public static final String SECRET_KEY = "idv-test-secret-0123456789";

    private volatile S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path dir;
    private final int port;
    private boolean paused;

    private S3TestServer(S3Proxy proxy, BlobStoreContext context, Path dir) {
        this.proxy = proxy;
        this.context = context;
        this.dir = dir;
        this.port = proxy.getPort();
    }

    public static S3TestServer start() {
        return start(false);
    }

    /** @param inMemory jclouds' transient (in-memory) back end instead of the filesystem one */
    public static S3TestServer start(boolean inMemory) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-data", "s3proxy-" + System.nanoTime()))
                    .toAbsolutePath();
            Properties p = new Properties();
            p.setProperty("jclouds.filesystem.basedir", dir.toString());
            BlobStoreContext context = ContextBuilder.newBuilder(inMemory
                            ? new org.jclouds.blobstore.TransientApiMetadata()
                            : new org.jclouds.filesystem.FilesystemApiMetadata())
                    .credentials("unused", "unused").overrides(p).buildView(BlobStoreContext.class);
            return new S3TestServer(listen(context, 0), context, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops answering: the port refuses connections until {@link #resume}. The buckets' data stays. */
    public synchronized void pause() {
        if (paused) {
            return;
        }
        paused = true;
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
    }

    /** Answers again on the same port, with the same data. */
    public synchronized void resume() {
        if (paused) {
            proxy = listen(context, port);
            paused = false;
        }
    }

    private static S3Proxy listen(BlobStoreContext context, int port) {
        try {
            S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .jettyMaxThreads(32)
                    // s3proxy implements no Object Lock and answers its headers 501 NotImplemented; ignored here,
                    // the tests check what is sent (S3ObjectStoreTests)
                    .ignoreUnknownHeaders(true).build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            return proxy;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path dir() {
        return dir;
    }

    /** Creates the bucket (idempotent). */
    public void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** Settings for a bucket of this server, with the right keys. */
    public S3Settings settings(String bucket, S3Settings.ObjectLock lock) {
        return settings(bucket, lock, ACCESS_KEY, SECRET_KEY);
    }

    public S3Settings settings(String bucket, S3Settings.ObjectLock lock, String accessKey, String secret) {
        return new S3Settings(endpoint(), "us-east-1", bucket, "evidence", true, lock, accessKey, secret, null,
                "default", java.time.Duration.ofSeconds(5), 16, 5L * 1024 * 1024);
    }

    /** Spring properties pointing {@code idv.archive} at a bucket of this server. */
    public java.util.Map<String, String> properties(String bucket) {
        return java.util.Map.of("idv.archive.store", "s3", "idv.archive.s3.endpoint", endpoint().toString(),
                "idv.archive.s3.bucket", bucket, "idv.archive.s3.prefix", "evidence",
                "idv.archive.s3.access-key-id", ACCESS_KEY, "idv.archive.s3.secret-access-key", SECRET_KEY,
                "idv.archive.s3.timeout", "5s");
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // the JVM is ending
        }
        context.close();
    }
}
