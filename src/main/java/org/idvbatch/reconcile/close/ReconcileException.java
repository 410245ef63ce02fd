package org.idvbatch.reconcile.close;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A line that is not matched, as the month close works it: its figures now, how old it is, and the explanation that
 * covers it, if one does.
 *
 * @param lineId      the line's identity across the versions of its day ({@code reconcile explain --line})
 * @param kind        {@link Kind#DIFFERENCE} for a line of the month, {@link Kind#POST_CLOSE} for a closed day whose
 *                    latest version changed after the close
 * @param foundAt     when a run first found the line not matched
 * @param ageDays     business days from {@code foundAt} to today
 * @param explanation the line's latest explanation, or null
 * @param explained   whether that explanation covers the figures as they are now
 */
public record ReconcileException(long lineId, Kind kind, LocalDate businessDate, String provider, String account,
                                 String product, String scene, String chargeType, String status, long ledgerCalls,
                                 Long providerCalls, BigDecimal ledgerAmount, BigDecimal providerAmount,
                                 String causeDetail, Instant foundAt, long ageDays, Explanation explanation,
                                 boolean explained) {

    public enum Kind { DIFFERENCE, POST_CLOSE }

    /** The aging buckets finance reports: 0-2, 3-7, 8-30 and more than 30 days. */
    public enum AgeBucket {
        DAYS_0_2("0-2"), DAYS_3_7("3-7"), DAYS_8_30("8-30"), OVER_30("> 30");

        private final String label;

        AgeBucket(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static AgeBucket of(long days) {
            return days <= 2 ? DAYS_0_2 : days <= 7 ? DAYS_3_7 : days <= 30 ? DAYS_8_30 : OVER_30;
        }
    }

    /** A person's explanation of a line; never edited, a newer one supersedes it. */
    public record Explanation(long id, String reason, String by, Instant at, BigDecimal adjustment, Long supersedes) {
    }

    public AgeBucket bucket() {
        return AgeBucket.of(ageDays);
    }
}
