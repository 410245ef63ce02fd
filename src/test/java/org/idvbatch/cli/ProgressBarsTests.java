package org.idvbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.idvbatch.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/**
 * The command line's progress bars: drawn on the error stream only when a person watches (a terminal, not
 * {@code -q}, not {@code --json}); the terminal is forced here with the test hook, as surefire's JVM has none.
 */
class ProgressBarsTests {

    final StringWriter err = new StringWriter();
    final PrintWriter errWriter = new PrintWriter(err, true);

    @Test
    void onATerminalTheBarIsDrawnInPlaceOnTheErrorStreamUpToItsTotal() {
        ProgressListener bar = ProgressBars.asIfOnATerminal(errWriter, 100).listener(false);

        bar.started("archive-verify", 10);
        for (int i = 0; i < 10; i++) {
            bar.advancedBy(1);
        }
        bar.finished();

        String drawn = err.toString();
        assertThat(drawn).contains("\r").contains("archive-verify").contains("100%").contains("10/10")
                .endsWith(System.lineSeparator());
        for (String line : drawn.split("\r")) {
            assertThat(line.strip().length()).as(line).isLessThanOrEqualTo(99);
        }
    }

    @Test
    void workOfUnknownSizeShowsTheCountDone() {
        ProgressListener bar = ProgressBars.asIfOnATerminal(errWriter, 80).listener(false);

        bar.started("import-sessions rows", -1);
        bar.advancedBy(4096);
        bar.advancedBy(904);
        bar.finished();

        assertThat(err.toString()).contains("import-sessions rows").contains("5000");
    }

    @Test
    void aNewPhaseEndsTheBarBeforeIt() {
        ProgressListener bar = ProgressBars.asIfOnATerminal(errWriter, 80).listener(false);

        bar.started("first", 2);
        bar.advancedBy(2);
        bar.started("second", 3);
        bar.finished();
        bar.finished();

        String drawn = err.toString();
        assertThat(drawn.indexOf("first")).isLessThan(drawn.indexOf("second"));
        assertThat(drawn.split(System.lineSeparator(), -1)).as("one line per phase, then nothing").hasSize(3);
    }

    @Test
    void noBarWithJsonQuietOrWithoutATerminal() {
        assertThat(ProgressBars.asIfOnATerminal(errWriter, 80).listener(true)).isSameAs(ProgressListener.NONE);
        assertThat(ProgressBars.none(errWriter).listener(false)).isSameAs(ProgressListener.NONE);
        assertThat(ProgressBars.forThisProcess(errWriter, true).listener(false)).isSameAs(ProgressListener.NONE);
        // surefire runs the tests with stdin and stdout piped: no console
        assertThat(ProgressBars.forThisProcess(errWriter, false).listener(false)).isSameAs(ProgressListener.NONE);

        ProgressListener none = ProgressBars.none(errWriter).listener(false);
        none.started("harvest", 10);
        none.advancedBy(10);
        none.finished();
        assertThat(err.toString()).isEmpty();
    }
}
