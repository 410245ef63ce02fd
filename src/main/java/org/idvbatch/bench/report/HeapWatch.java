package org.idvbatch.bench.report;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of one measured phase: the sum of the heap pools' peaks (what the JVM had to hold, garbage
 * included) and the largest heap still in use after a collection (what the phase really kept alive), the
 * latter from GC notifications.
 */
final class HeapWatch implements AutoCloseable {

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final java.util.Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName)
            .collect(java.util.stream.Collectors.toSet());
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final NotificationListener listener = (n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                    .from((CompositeData) n.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                    .filter(e -> heapPoolNames.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
            maxAfterGc.accumulateAndGet(used, Math::max);
        }
    };

    HeapWatch() {
        System.gc();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc ->
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null));
    }

    long peakBytes() {
        return heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The largest live heap seen after a collection during the phase (0 when no collection ran). */
    long liveAfterGcBytes() {
        return maxAfterGc.get();
    }

    @Override
    public void close() {
        ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException e) {
                // never added to this collector
            }
        });
    }
}
