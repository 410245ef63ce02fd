package org.idvbatch.archive.store;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idvbatch.cli.IdvBatchCli;
import org.idvbatch.command.ApplicationContextFactory;

/**
 * {@code archive-bench --store both} against an S3-compatible server started in this JVM (s3proxy on its filesystem
 * back end, test class path only): the filesystem store and the S3 store measured in the same run. Arguments are
 * passed on to archive-bench. Run it as performance.md shows.
 */
public final class S3ArchiveBench {

    private S3ArchiveBench() {
    }

    public static void main(String[] args) {
        int code;
        boolean inMemory = Boolean.getBoolean("s3.in-memory");
        try (S3TestServer server = S3TestServer.start(inMemory)) {
            server.createBucket("archive-bench");
            List<String> cli = new ArrayList<>(List.of("archive-bench", "--store", "both"));
            cli.addAll(List.of(args));
            server.properties("archive-bench").forEach((k, v) -> {
                if (!k.equals("idv.archive.store")) {
                    cli.add("--" + k + "=" + v);
                }
            });
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            code = org.idvbatch.launcher.IdvBatchLauncher.execute(cli.toArray(String[]::new), org.idvbatch.launcher.IdvBatchLauncher.contexts(Map.of()), out, err);
            long serverCpu = 0;
            for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (t != null && t.getThreadName().startsWith("S3Proxy")) {
                    serverCpu += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
                }
            }
            out.printf("of the s3 run's JVM CPU, the in-process S3 server (s3proxy %s back end, threads alive now)"
                    + " used %.2f s%n", inMemory ? "transient" : "filesystem", serverCpu / 1e9);
        }
        System.exit(code);
    }
}
