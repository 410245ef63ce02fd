package org.idvbatch.bench.sandbox;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxKeys;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SessionSpec;

/**
 * The sandbox's bare request rate per action: an in-process sandbox without faults, a JDK HttpClient in the
 * same JVM, {@code concurrency} callers each sending freshly signed requests back to back for {@code seconds}
 * per action (after a 5 s JIT warm-up and a 2 s warm-up per action). Client and server share the machine's
 * cores, like the loopback ceiling.
 */
public final class SandboxBench {

    /** Requests per second of one action; errors are answers other than HTTP 200. */
    public record Result(String action, long requests, long errors, double perSecond) {
    }

    private static final int POOL = 200;

    private SandboxBench() {
    }

    public static List<Result> run(int seconds, int concurrency, PrintWriter out) throws InterruptedException {
        String id = SandboxKeys.accessKeyId();
        String secret = SandboxKeys.secret();
        try (ProviderSandbox sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, secret)))) {
            Instant t = sandbox.clock().now().minusSeconds(600);
            for (int i = 0; i < POOL; i++) {
                for (Provider p : Provider.values()) {
                    sandbox.sessions().register(new SessionSpec(p, id, "bench", "1", "m" + i, ref(p, i),
                            "aux" + i, t, "张三", "11010119900307001X", null, Outcome.PASS, t, List.of()));
                }
            }
            BenchRequests r = new BenchRequests(sandbox.endpoint(), id, secret);
            Map<String, IntFunction<HttpRequest>> actions = new LinkedHashMap<>();
            actions.put("tencent DetectAuth", i -> r.tencent("DetectAuth", "{\"RuleId\":\"1\"}"));
            actions.put("tencent GetDetectInfoEnhanced text", i -> r.tencent("GetDetectInfoEnhanced",
                    "{\"BizToken\":\"" + ref(Provider.TENCENT_FACEID, i) + "\",\"RuleId\":\"1\",\"InfoType\":\"1\"}"));
            actions.put("tencent GetDetectInfoEnhanced all+3 frames", i -> r.tencent("GetDetectInfoEnhanced",
                    "{\"BizToken\":\"" + ref(Provider.TENCENT_FACEID, i)
                            + "\",\"RuleId\":\"1\",\"InfoType\":\"0\",\"BestFramesCount\":3}"));
            actions.put("cloudauth DescribeFaceVerify (RPC v1)", i -> r.rpc("2019-03-07", "DescribeFaceVerify",
                    Map.of("SceneId", "1", "CertifyId", ref(Provider.ALIYUN_CLOUDAUTH, i))));
            actions.put("cloudauth DescribeFaceVerify (ACS3)", i -> r.acs3("2019-03-07", "DescribeFaceVerify",
                    Map.of("SceneId", "1", "CertifyId", ref(Provider.ALIYUN_CLOUDAUTH, i))));
            actions.put("saf ExecuteRequest query (RPC v1)", i -> r.rpc("2017-03-31", "ExecuteRequest",
                    Map.of("Service", "face_verify", "ServiceParameters", "{\"method\":\"query\",\"bizId\":\"aux"
                            + (i % POOL) + "\",\"queryId\":\"" + ref(Provider.ALIYUN_SAF, i) + "\"}")));
            actions.put("idv CheckResult (ACS3)", i -> r.acs3("2022-08-09", "CheckResult",
                    Map.of("MerchantBizId", "m", "TransactionId", ref(Provider.ALIYUN_IDV, i))));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<Result> results = new ArrayList<>();
            drive(http, actions.values().iterator().next(), concurrency, 5); // JIT warm-up of client and server
            for (Map.Entry<String, IntFunction<HttpRequest>> a : actions.entrySet()) {
                drive(http, a.getValue(), concurrency, 2);
                long[] counts = drive(http, a.getValue(), concurrency, seconds);
                Result res = new Result(a.getKey(), counts[0], counts[1], counts[0] / (double) seconds);
                out.printf("%-45s %8.0f req/s  (%d requests, %d errors)%n", res.action(), res.perSecond(),
                        res.requests(), res.errors());
                out.flush();
                results.add(res);
            }
            return results;
        }
    }

    private static long[] drive(HttpClient http, IntFunction<HttpRequest> next, int concurrency, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicInteger seq = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            Thread th = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<byte[]> resp = http.send(next.apply(seq.getAndIncrement()),
                                HttpResponse.BodyHandlers.ofByteArray());
                        (resp.statusCode() == 200 ? ok : errors).increment();
                    } catch (Exception e) {
                        errors.increment();
                    }
                }
            }, "bench-caller-" + c);
            th.start();
            callers.add(th);
        }
        for (Thread th : callers) {
            th.join();
        }
        return new long[] {ok.sum() + errors.sum(), errors.sum()};
    }

    private static String ref(Provider p, int i) {
        return p.code() + "-" + (i % POOL);
    }
}
