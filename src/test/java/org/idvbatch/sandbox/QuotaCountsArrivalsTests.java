package org.idvbatch.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The sandbox counts an account's calls per second as a provider's gateway does: in the second each request reached
 * the server, not the second a worker got to it. The sandbox shares the machine's cores with its clients; when its
 * workers fell behind, a second's worth of requests waited in the queue and were handled in the next second with
 * that second's own, and the sandbox throttled calls the clients had paced correctly (harvest-bench --nodes 3
 * --quotas 100,20 saw up to 184 calls in one "second" of a 100-QPS account).
 */
class QuotaCountsArrivalsTests {

    private static final long SECOND = 1_000_000_000L;

    /** Tasks the server handed over, run later: the sandbox's worker queue while its workers are busy. */
    private static final class HeldQueue implements Executor {
        final List<Runnable> queued = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            queued.add(task);
        }

        List<Boolean> runAll(List<Boolean> answers) {
            queued.forEach(Runnable::run);
            queued.clear();
            return answers;
        }
    }

    @Test
    void requestsHandledInTheNextSecondCountInTheSecondTheyArrivedIn() throws Exception {
        RequestArrivals arrivals = new RequestArrivals();
        QuotaLimiter quotas = new QuotaLimiter(arrivals);
        quotas.limit("acct", "GetDetectInfoEnhanced", 2);
        HeldQueue workers = new HeldQueue();
        Executor server = arrivals.stamping(workers);
        List<Boolean> answers = new ArrayList<>();

        long arrived = arriveTogether(server, 3, () -> answers.add(quotas.tryAcquire("acct", "GetDetectInfoEnhanced")),
                workers);
        sleepUntil((arrived / SECOND + 1) * SECOND + 20_000_000L); // the workers get to them in the next second
        assertThat(workers.runAll(answers)).as("3 arrived in one second of a 2-QPS quota").containsExactly(true, true,
                false);

        answers.clear();
        for (int i = 0; i < 2; i++) {
            server.execute(() -> answers.add(quotas.tryAcquire("acct", "GetDetectInfoEnhanced")));
        }
        assertThat(workers.runAll(answers)).as("this second's own 2: the late 3 counted in theirs")
                .containsExactly(true, true);
    }

    @Test
    void aLateRequestOfThePreviousSecondStillCountsAgainstThatSecond() throws Exception {
        RequestArrivals arrivals = new RequestArrivals();
        QuotaLimiter quotas = new QuotaLimiter(arrivals);
        quotas.limit("*", "DescribeFaceVerify", 2);
        HeldQueue early = new HeldQueue();
        HeldQueue late = new HeldQueue();
        List<Boolean> answers = new ArrayList<>();
        Runnable call = () -> answers.add(quotas.tryAcquire("acct", "DescribeFaceVerify"));

        long arrived = arriveTogether(arrivals.stamping(early), 2, call, early);
        arrivals.stamping(late).execute(call); // a third in the same second, held longer
        assertThat(early.runAll(answers)).containsExactly(true, true);
        sleepUntil((arrived / SECOND + 1) * SECOND + 20_000_000L);
        answers.clear();
        arrivals.stamping(early).execute(call); // the next second's first
        early.runAll(answers);
        late.runAll(answers);
        assertThat(answers).as("the next second's call passes; the held one is the third of its own second")
                .containsExactly(true, false);
    }

    /** Hands {@code n} tasks to the server within one second; returns that second's start. */
    private static long arriveTogether(Executor server, int n, Runnable task, HeldQueue workers) throws Exception {
        for (int attempt = 0; ; attempt++) {
            sleepUntil((System.nanoTime() / SECOND + 1) * SECOND + 10_000_000L);
            long before = System.nanoTime();
            for (int i = 0; i < n; i++) {
                server.execute(task);
            }
            if (System.nanoTime() / SECOND == before / SECOND || attempt == 5) {
                return before;
            }
            workers.queued.clear(); // they straddled a second: hand them over again
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }
}
