package org.idvbatch.housekeeping;

import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code idv.history.*}.
 *
 * @param keep how long the record of finished jobs is kept (Spring Batch's job instances, their executions, steps,
 *             contexts and parameters; the records of published workbooks whose files are gone). A job instance
 *             that a restart, a recovery or the console still needs is kept whatever its age
 */
@ConfigurationProperties("idv.history")
record HistoryProperties(@DefaultValue("400d") Period keep) {

    public HistoryProperties {
        Periods.positive("idv.history.keep", keep);
    }
}
