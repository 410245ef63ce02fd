package org.idvbatch.housekeeping;

import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import org.idvbatch.settings.InvalidSettingException;

/** The retention settings' periods: checked when the settings are read, shown as they are written (3y, 400d). */
final class Periods {

    /** Cybersecurity Law art. 21: network logs are kept no less than six months. */
    static final Period SIX_MONTHS = Period.ofMonths(6);

    private Periods() {
    }

    /** As the settings write it: 3y, 400d, 1y6m; 0 for none. */
    static String show(Period p) {
        return p == null ? "empty" : p.isZero() ? "0" : p.toString().substring(1).toLowerCase(Locale.ROOT);
    }

    /** {@code p}, when it is longer than zero in every part. */
    static Period positive(String setting, Period p) {
        if (p == null || p.isZero() || p.isNegative()) {
            throw new InvalidSettingException(setting, show(p), "a positive period such as 3y, 18m or 400d");
        }
        return p;
    }

    /** Whether {@code a} is shorter than {@code b} from some day (a leap cycle of days is tried). */
    static boolean shorter(Period a, Period b) {
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 4 * 366; i++, day = day.plusDays(1)) {
            if (day.minus(a).isAfter(day.minus(b))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code p}, when it keeps a row at least six months whatever the day: 6m, 1y, 184d (the longest six months);
     * 180d is refused, as it is shorter than six months from most days.
     */
    static Period atLeastSixMonths(String setting, Period p) {
        positive(setting, p);
        if (shorter(p, SIX_MONTHS)) {
            throw new InvalidSettingException(setting, show(p), "at least 6 months (the Cybersecurity Law,"
                    + " art. 21, keeps network logs no less than six months), such as 6m, 1y or 3y");
        }
        return p;
    }
}
