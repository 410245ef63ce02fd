package org.idvbatch.console;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.idvbatch.time.BusinessDay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/** How the pages write instants (in the business zone, to the second) and sizes; {@code ${@consoleFormat...}}. */
@Component("consoleFormat")
@ConditionalOnWebApplication
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(BusinessDay.ZONE);

    public String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    public String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** The CSS class of a status: ok, wait or act. */
    public String light(String status) {
        if (status == null) {
            return "wait";
        }
        return switch (status) {
            case "MATCHED", "COMPLETED", "GREEN", "PASSED", "DELETED", "ALREADY_DELETED", "GONE", "NORMAL",
                 "ARCHIVED", "APPROVED" -> "ok";
            case "AWAITING_PROVIDER", "STARTED", "STARTING", "STOPPING", "AMBER", "PENDING", "PROCESSING", "PAUSED",
                 "PREPARED", "OPEN", "REOPENED", "NOOP", "STOPPED", "BLOCKED" -> "wait";
            default -> "act";
        };
    }
}
