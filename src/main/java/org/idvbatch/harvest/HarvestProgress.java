package org.idvbatch.harvest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Logs the harvest's progress every few seconds of a long run, and tells whoever {@link HarvestWatch watches} it of
 * every chunk written (one instance per worker step, its partitions' chunks on several threads).
 */
class HarvestProgress implements ChunkListener<org.idvbatch.provider.SessionRef, HarvestedSession>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(HarvestProgress.class);
    private static final long EVERY_NANOS = 5_000_000_000L;

    private final HarvestWatch watch;
    private StepExecution step;
    private long started;
    private long lastLog;

    HarvestProgress(HarvestWatch watch) {
        this.watch = watch;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        step = stepExecution;
        started = System.nanoTime();
        lastLog = started;
    }

    @Override
    public void afterChunk(Chunk<HarvestedSession> chunk) {
        watch.listener().advancedBy(chunk.size());
        long now = System.nanoTime();
        if (step != null && now - lastLog >= EVERY_NANOS) {
            lastLog = now;
            long done = step.getWriteCount();
            log.info("harvest: {} sessions written so far ({} /s)", done, Math.round(done / ((now - started) / 1e9)));
        }
    }
}
