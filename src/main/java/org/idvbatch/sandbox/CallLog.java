package org.idvbatch.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** Every call the sandbox answered, newest last; bounded so long benchmarks do not exhaust the heap. */
public final class CallLog {

    /**
     * One answered call.
     *
     * @param seq     position in the log, for incremental reads ({@code since})
     * @param at      when the request reached the sandbox (as a provider counts its calls per second), on the
     *                sandbox's clock
     * @param answered when the sandbox answered it: later than {@code at} by the handling and by any wait in the
     *                sandbox's own worker queue
     * @param outcome the provider's answer code (e.g. {@code 200}, {@code AuthFailure.SignatureFailure})
     * @param billed  whether this call itself produced a billable event (synchronous checks)
     * @param detail  the protocol's note on what the request asked for ({@link CallNote#detail()}), or null
     */
    public record Entry(long seq, Instant at, Instant answered, String provider, String action, String account,
            String requestId, int httpStatus, String outcome, boolean billed, String detail) {

        /** The provider's throttling answer (Tencent {@code RequestLimitExceeded}, Alibaba {@code Throttling.User}). */
        public boolean throttled() {
            return THROTTLING_CODES.contains(outcome);
        }
    }

    /** The codes the protocols answer a call over its account's quota with ({@link QuotaLimiter}). */
    private static final java.util.Set<String> THROTTLING_CODES = java.util.Set.of("RequestLimitExceeded",
            "Throttling.User");

    private static final int CAPACITY = 200_000;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long next;

    synchronized void append(Instant at, Instant answered, CallNote note, int httpStatus) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(next++, at, answered, note.provider(), note.action(), note.account(),
                note.requestId(), httpStatus, note.outcome(), note.billed(), note.detail()));
    }

    /** Entries with {@code seq >= since}. */
    public synchronized List<Entry> since(long since) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.seq() >= since) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The {@code seq} the next entry will get, once no call has been logged for {@code quiet}. A call is logged
     * when it has been answered, so the calls a killed client had in flight appear shortly after it died;
     * a mark taken this way puts them before it, not among the next client's.
     */
    public long markWhenQuiet(Duration quiet) throws InterruptedException {
        long seen = nextSeq();
        while (true) {
            Thread.sleep(quiet.toMillis());
            long now = nextSeq();
            if (now == seen) {
                return now;
            }
            seen = now;
        }
    }

    private synchronized long nextSeq() {
        return next;
    }

    public synchronized List<Entry> all() {
        return List.copyOf(entries);
    }
}
