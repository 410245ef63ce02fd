package org.idvbatch.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Period;
import org.idvbatch.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** The audit retention keeps a row at least six months from any day; shorter periods are refused at start. */
class PeriodsTests {

    @Test
    void sixMonthsOrAYearOrTheLongestSixMonthsInDaysAreEnough() {
        for (Period p : new Period[] {Period.ofMonths(6), Period.ofYears(1), Period.ofDays(184), Period.ofYears(3),
                Period.of(0, 5, 31)}) {
            assertThat(Periods.atLeastSixMonths("idv.audit.retention", p)).isEqualTo(p);
        }
    }

    @Test
    void anythingShorterThanSixMonthsFromSomeDayIsRefusedNamingTheSettingAndTheLaw() {
        for (Period p : new Period[] {Period.ofMonths(5), Period.ofDays(183), Period.ofDays(180), Period.of(0, 5, 29),
                Period.ZERO, Period.ofMonths(-6)}) {
            assertThatThrownBy(() -> Periods.atLeastSixMonths("idv.audit.retention", p))
                    .as(p.toString()).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("config: idv.audit.retention is '")
                    .hasMessageContaining("it must be");
        }
        assertThatThrownBy(() -> Periods.atLeastSixMonths("idv.audit.retention", Period.ofDays(183)))
                .hasMessage("config: idv.audit.retention is '183d'; it must be at least 6 months (the Cybersecurity"
                        + " Law, art. 21, keeps network logs no less than six months), such as 6m, 1y or 3y");
    }
}
