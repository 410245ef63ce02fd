package org.idvbatch.progress;

/**
 * Told how far one piece of long work has come. Calls may come from several threads (the harvest's partitions);
 * an implementation must bear that. Progress is only ever shown to a person: it carries counts, never a record.
 */
public interface ProgressListener {

    /** Hears nothing: the default wherever nobody watches (the daemon, a piped command, the tests). */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void started(String task, long total) {
        }

        @Override
        public void advancedBy(long units) {
        }

        @Override
        public void finished() {
        }
    };

    /**
     * The work named {@code task} begins (again, for a work of several phases: each phase starts anew).
     *
     * @param total the units the work will do, or a negative number when not known ahead
     */
    void started(String task, long total);

    /** {@code units} more units are done. */
    void advancedBy(long units);

    /** The work ended, whether it succeeded or not. */
    void finished();
}
