package org.idvbatch.harvest;

import java.util.concurrent.atomic.AtomicReference;
import org.idvbatch.progress.ProgressListener;
import org.springframework.stereotype.Component;

/**
 * Who watches the harvest that runs in this context, if anyone: the command line's {@code harvest} on a terminal.
 * The daemon's runs are watched by nobody ({@link ProgressListener#NONE}).
 */
@Component
class HarvestWatch {

    private final AtomicReference<ProgressListener> listener = new AtomicReference<>(ProgressListener.NONE);

    ProgressListener listener() {
        return listener.get();
    }

    void watchWith(ProgressListener l) {
        listener.set(l);
    }
}
