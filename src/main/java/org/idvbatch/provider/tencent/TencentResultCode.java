package org.idvbatch.provider.tencent;

import java.util.HashMap;
import java.util.Map;
import org.idvbatch.provider.FailureReason;

/**
 * Tencent FaceID result codes of the WeChat SaaS channel (providers.md §4.6, "Plus" table): whether an
 * attempt with this code is billed and how a final failure is classed. One place, so corrections from a
 * provider notice are one-line changes.
 */
record TencentResultCode(int code, boolean billed, FailureReason reason) {

    private static final Map<Integer, TencentResultCode> CODES = new HashMap<>();

    static {
        add(FailureReason.OTHER, true, 0);
        add(FailureReason.IDENTITY_MISMATCH, true, 2006);
        add(FailureReason.NOT_SAME_PERSON, true, 2016);
        add(FailureReason.LIVENESS_ATTACK, true, 1002); // billed only in the Plus table
        add(FailureReason.PROVIDER_ERROR, false, 1, 2, 3, 4, 8, 10, 12, 13, 201, 202, 203, 204, 1001, 1006, 1007, 2001);
        add(FailureReason.OTHER, false, 14); // already completed
        add(FailureReason.ABANDONED, false, 15, 16, 17);
        add(FailureReason.USER_ERROR, false, 301, 302, 303, 1003, 1004, 1005, 1008, 1101, 1102, 1103, 1104, 1105, 1106,
                1107, 1108, 1109, 1201, 1202, 1203, 1204, 1205, 2004, 2010, 2012, 2013, 2014, 2015);
        add(FailureReason.IDENTITY_MISMATCH, false, 2002, 2003);
        add(FailureReason.IDENTITY_NOT_FOUND, false, 2005);
        add(FailureReason.REFERENCE_PHOTO_UNUSABLE, false, 2007, 2008, 2009);
        add(FailureReason.LIVENESS_ATTACK, false, 2011);
        add(FailureReason.RISK_BLOCKED, false, 2018);
    }

    private static void add(FailureReason reason, boolean billed, int... codes) {
        for (int c : codes) {
            CODES.put(c, new TencentResultCode(c, billed, reason));
        }
    }

    /** Unknown codes are treated as not billed and OTHER: the reconciliation will show any disagreement. */
    static TencentResultCode of(int code) {
        return CODES.getOrDefault(code, new TencentResultCode(code, false, FailureReason.OTHER));
    }

    static Map<Integer, TencentResultCode> all() {
        return Map.copyOf(CODES);
    }
}
