package org.idvbatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.idvbatch.progress.ProgressListener;

/**
 * Where a command's progress bars go: on its error stream when a person watches it (the process has a console,
 * and neither {@code -q} nor {@code --json} was asked for), nowhere otherwise, so a piped or scheduled command
 * prints nothing extra. The bars never go to stdout, which holds only the command's output.
 */
final class ProgressBars {

    private static final int DEFAULT_WIDTH = 80;
    private static final int WIDE = 100;

    private final PrintWriter err;
    private final boolean shown;
    private final int width;

    private ProgressBars(PrintWriter err, boolean shown, int width) {
        this.err = err;
        this.shown = shown;
        this.width = width;
    }

    /** As this process runs: bars only if it has a console and the command is not quiet. */
    static ProgressBars forThisProcess(PrintWriter err, boolean quiet) {
        return new ProgressBars(err, interactive() && !quiet, terminalWidth());
    }

    /**
     * A console means a terminal on Java 17 (stdin and stdout both are); from Java 22 on a console may exist
     * without one, and {@code Console.isTerminal()} tells.
     */
    private static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true;
        }
    }

    /** As if {@code err} were a terminal: bars unless quiet (the tests' hook for a whole command). */
    static ProgressBars forTerminal(PrintWriter err, boolean quiet) {
        return new ProgressBars(err, !quiet, DEFAULT_WIDTH);
    }

    /** Never a bar (tests, and commands run from code). */
    static ProgressBars none(PrintWriter err) {
        return new ProgressBars(err, false, DEFAULT_WIDTH);
    }

    /** Bars on {@code err} as if it were a terminal {@code width} columns wide: the tests' hook. */
    static ProgressBars asIfOnATerminal(PrintWriter err, int width) {
        return new ProgressBars(err, true, width);
    }

    /** The listener for one command's long work; {@link ProgressListener#NONE} when no bar is shown. */
    ProgressListener listener(boolean json) {
        return shown && !json ? new TerminalProgress(err, width) : ProgressListener.NONE;
    }

    private static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            return columns == null ? DEFAULT_WIDTH : Math.max(40, Integer.parseInt(columns.strip()));
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** One bar at a time, redrawn in place with a carriage return; a new phase ends the bar before it. */
    private static final class TerminalProgress implements ProgressListener {

        private final PrintWriter err;
        private final int width;
        private ProgressBar bar;
        private LineConsumer line;

        TerminalProgress(PrintWriter err, int width) {
            this.err = err;
            this.width = width;
        }

        @Override
        public synchronized void started(String task, long total) {
            finished();
            ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250).setConsumer(line = new LineConsumer(err, width - 1));
            if (width >= WIDE) { // on 80 columns the rate would leave the bar itself a few characters
                b.showSpeed();
            }
            if (total >= 0) {
                b.setInitialMax(total);
            }
            bar = b.build();
        }

        @Override
        public void advancedBy(long units) {
            ProgressBar b = bar;
            if (b != null) {
                b.stepBy(units);
            }
        }

        @Override
        public synchronized void finished() {
            if (bar != null) {
                bar.close(); // draws the last state
                line.close(); // progressbar 0.10.1 leaves the line open if it closes before its first refresh
                bar = null;
            }
        }
    }

    /** Draws the bar's line over the previous one on the command's error stream. */
    private static final class LineConsumer implements ProgressBarConsumer {

        private final PrintWriter err;
        private final int width;
        private final AtomicBoolean closed = new AtomicBoolean();

        LineConsumer(PrintWriter err, int width) {
            this.err = err;
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String rendered) {
            if (closed.get()) {
                return;
            }
            synchronized (err) {
                err.print('\r');
                err.print(rendered);
                err.flush();
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            synchronized (err) {
                err.println();
                err.flush();
            }
        }
    }
}
