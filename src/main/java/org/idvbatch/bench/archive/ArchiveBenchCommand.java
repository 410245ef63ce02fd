package org.idvbatch.bench.archive;

import org.idvbatch.bench.BenchSettings;
import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ApplicationContextFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.archive.EvidenceItem;
import org.idvbatch.provider.EvidenceType;
import org.idvbatch.archive.crypto.EvidenceCipher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Measures the archive on a throw-away embedded database and archive directory (never the user's):
 * the crypto pipeline per core, and end-to-end durable archiving (fsynced objects, committed rows).
 */
@Command(name = "archive-bench", hidden = true, mixinStandardHelpOptions = true,
        description = "Benchmarks evidence archiving on a temporary database and directory.")
public class ArchiveBenchCommand implements Callable<Integer> {

    private static final String SESSIONS = """
            INSERT INTO verification_session (provider, product, scene, merchant_biz_id, provider_ref, created_at)
            SELECT 'tencent-faceid', 'FaceID', 'bench', 'bench-' || g, 'bench-' || g, now()
              FROM generate_series(1, :n) AS g RETURNING id""";

    private final ApplicationContextFactory contexts;

    @Spec
    CommandSpec spec;

    @Option(names = "--objects", description = "Objects archived end to end (default ${DEFAULT-VALUE}).")
    int objects = 6000;

    @Option(names = "--size-kb", description = "Object size in KB (default ${DEFAULT-VALUE}).")
    int sizeKb = 40;

    @Option(names = "--batch", description = "Objects per archive() call and transaction (default ${DEFAULT-VALUE}).")
    int batch = 100;

    @Option(names = "--threads", description = "Concurrent writers (default ${DEFAULT-VALUE}).")
    int threads = 2;

    @Option(names = "--store", description = "filesystem, s3, or both (default ${DEFAULT-VALUE}). s3 and both write"
            + " to the bucket of idv.archive.s3.* (give them after the command) under a fresh prefix, removed"
            + " afterwards; both measures the filesystem store first, in the same run.")
    String store = "filesystem";

    public ArchiveBenchCommand(ApplicationContextFactory contexts) {
        this.contexts = contexts;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = Files.createTempDirectory("idv-archive-bench");
        // a command's properties outrank config/application.yml: the bench never touches real data
        Map<String, Object> isolated = BenchSettings.isolated(tmp);
        List<String> stores = switch (store) {
            case "filesystem" -> List.of("filesystem");
            case "s3" -> List.of("s3");
            case "both" -> List.of("filesystem", "s3");
            default -> throw new org.idvbatch.RejectedInputException("--store: filesystem, s3 or both, not '" + store
                    + "'");
        };
        byte[] content = new byte[sizeKb * 1024];
        new Random(42).nextBytes(content);
        Map<String, Double> rates = new java.util.LinkedHashMap<>();
        Map<String, Double> writerCpu = new java.util.LinkedHashMap<>();
        try {
            for (String kind : stores) {
                Map<String, Object> props = new java.util.HashMap<>(isolated);
                props.put("idv.archive.store", kind);
                if (kind.equals("s3")) {
                    props.put("idv.archive.s3.prefix", "idv-archive-bench-" + System.currentTimeMillis());
                }
                try (ConfigurableApplicationContext ctx = contexts.start(props)) {
                    if (rates.isEmpty()) {
                        cryptoPerCore(out, ctx.getBean(EvidenceCipher.class), content);
                    }
                    double[] measured = endToEnd(out, ctx, content, kind);
                    rates.put(kind, measured[0]);
                    writerCpu.put(kind, measured[1]);
                    if (kind.equals("s3")) {
                        removeObjects(ctx.getBean(org.idvbatch.archive.store.ObjectStore.class));
                    }
                }
            }
            if (rates.size() == 2) {
                out.printf("s3 store / filesystem store: %.0f %% of the objects/s; the writers' own CPU per object"
                        + " %.2f x the filesystem store's (a store's server, wherever it runs, not included)%n",
                        100 * rates.get("s3") / rates.get("filesystem"), writerCpu.get("s3") / writerCpu.get("filesystem"));
            }
            return ExitCode.OK;
        } finally {
            deleteTree(tmp);
        }
    }

    private static void removeObjects(org.idvbatch.archive.store.ObjectStore store) throws IOException {
        try (Stream<org.idvbatch.archive.store.StoredObject> all = store.list()) {
            for (org.idvbatch.archive.store.StoredObject o : all.toList()) {
                store.delete(o.key());
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void cryptoPerCore(PrintWriter out, EvidenceCipher cipher, byte[] content) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream(content.length + 4096);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long n = 0;
        long start = 0;
        long cpuStart = 0;
        long deadline = System.nanoTime() + 8_000_000_000L; // 3 s warm-up, then 5 s measured
        for (long now = System.nanoTime(); now < deadline; now = System.nanoTime()) {
            if (start == 0 && deadline - now < 5_000_000_000L) {
                start = now;
                cpuStart = threadCpuNanos();
                n = 0;
            }
            byte[] ad = EvidenceCipher.associatedData(n, "FACE_IMAGE", 0);
            sink.reset();
            try (OutputStream enc = cipher.encrypting(cipher.newDataKey(ad), new DigestOutputStream(sink, sha), ad)) {
                enc.write(content);
            }
            sha.digest();
            n++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threadCpuNanos() - cpuStart) / 1e9; // what a core delivers even on a busy machine
        out.printf("crypto (new data key + wrap + AES-256-GCM-HKDF streaming + SHA-256), 1 thread, %d KB objects:"
                + " %.0f objects/s = %.1f MB/s wall; %.1f MB per CPU-second of the thread (= MB/s per core)%n",
                sizeKb, n / seconds, n * content.length / seconds / 1e6, n * content.length / cpuSeconds / 1e6);
    }

    /** @return objects/s, and the CPU milliseconds per object of the threads that archive (the callers) */
    private double[] endToEnd(PrintWriter out, ConfigurableApplicationContext ctx, byte[] content, String kind)
            throws Exception {
        EvidenceArchive archive = ctx.getBean(EvidenceArchive.class);
        TransactionTemplate tx = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
        List<Long> sessions = ctx.getBean(JdbcClient.class).sql(SESSIONS).param("n", objects)
                .query(Long.class).list();
        int warmUp = Math.min(1000, sessions.size() / 3); // lets the JIT compile the path before measuring
        run(archive, tx, sessions.subList(0, warmUp), content, new java.util.concurrent.atomic.LongAdder());
        List<Long> measured = sessions.subList(warmUp, sessions.size());
        java.util.concurrent.atomic.LongAdder writers = new java.util.concurrent.atomic.LongAdder();
        long cpu0 = processCpuNanos();
        long evidenceWriters0 = evidenceWriterCpuNanos();
        long t0 = System.nanoTime();
        run(archive, tx, measured, content, writers);
        writers.add(evidenceWriterCpuNanos() - evidenceWriters0);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        double mb = (double) measured.size() * content.length / 1e6;
        out.printf("end to end, %s store (%s, rows committed), %d threads, batch %d:"
                + " %d objects in %.2f s = %.0f objects/s, %.1f MB/s; JVM CPU %.2f s = %.1f MB per CPU-second"
                + " (PostgreSQL's own CPU not included)%n", kind, kind.equals("s3")
                        ? "encrypt, PUT with Content-MD5" : "encrypt, write, fsync, rename, dir fsync",
                threads, batch, measured.size(), seconds, measured.size() / seconds, mb / seconds, cpuSeconds,
                mb / cpuSeconds);
        double writerMs = writers.sum() / 1e6 / measured.size();
        out.printf("  the archiving threads' own CPU (callers and the archive's writer pool: encrypt, %s, JDBC):"
                + " %.3f ms per object%n",
                kind.equals("s3") ? "the SDK's signing and HTTP" : "file system calls", writerMs);
        return new double[] {measured.size() / seconds, writerMs};
    }

    /** @param writerCpu adds up the CPU time of the calling threads (the archive's writer pool is counted apart) */
    private void run(EvidenceArchive archive, TransactionTemplate tx, List<Long> sessions, byte[] content,
                     java.util.concurrent.atomic.LongAdder writerCpu) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i += batch) {
                List<Long> slice = sessions.subList(i, Math.min(i + batch, sessions.size()));
                work.add(pool.submit(() -> {
                    long cpu = threadCpuNanos();
                    tx.executeWithoutResult(s -> archive.archive(slice.stream()
                            .map(id -> new EvidenceItem(id, "tencent-faceid", "FaceID", EvidenceType.BEST_FRAME, 0,
                                    content, Instant.now())).toList()));
                    writerCpu.add(threadCpuNanos() - cpu);
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The CPU time so far of the archive's own writer pool (its threads live as long as the archive). */
    private static long evidenceWriterCpuNanos() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("evidence-writer-")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }
}
