package org.idvbatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.idvbatch.copydeletion.DeletionBacklog;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.Test;

/**
 * The deletion backlog's alert message, for each account after a night: built for every account (the alert is
 * raised only above the threshold), so an account without a backlog, which has no day it clears, must not break the
 * night's end (scale-bench's nights failed their afterJob callback with a NullPointerException).
 */
class CopyBacklogMessageTests {

    @Test
    void anAccountWithoutABacklogSaysSoInsteadOfFailing() {
        DeletionBacklog.Account clear = new DeletionBacklog.Account("aliyun-cloudauth", "default", 0, null, 12.5,
                864_000, true, 0, null);

        assertThat(JobAlerts.copyBacklogMessage(clear)).isEqualTo("provider copies of aliyun-cloudauth account"
                + " default: no backlog");
    }

    @Test
    void aBacklogNamesTheDayItClearsAndTheNightThatClearsIt() {
        DeletionBacklog.Account behind = new DeletionBacklog.Account("aliyun-cloudauth", "default", 900_000,
                Instant.parse("2026-12-05T10:00:00Z"), 100_000, 864_000, false, 2,
                BusinessDay.of(LocalDate.of(2026, 12, 9)));

        assertThat(JobAlerts.copyBacklogMessage(behind)).contains("the oldest due since 2026-12-05")
                .contains("clears on 2026-12-09 (Asia/Shanghai), in the night of business date 2026-12-08, 2 nights");
    }

    @Test
    void aBacklogThatNeverClearsSaysWhatToChange() {
        DeletionBacklog.Account never = new DeletionBacklog.Account("aliyun-cloudauth", "default", 900_000,
                Instant.parse("2026-12-05T10:00:00Z"), 900_000, 864_000, false, -1, null);

        assertThat(JobAlerts.copyBacklogMessage(never)).contains("never clears")
                .contains("raise idv.copy-deletion.window");
    }
}
