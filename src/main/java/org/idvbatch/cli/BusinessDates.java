package org.idvbatch.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/** Business dates are days in the providers' billing time zone, Asia/Shanghai. */
final class BusinessDates {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private BusinessDates() {
    }

    static LocalDate orYesterday(LocalDate date, Clock clock) {
        return date != null ? date : LocalDate.now(clock.withZone(ZONE)).minusDays(1);
    }
}
