package org.idvbatch.identity;

/** The only clear-text forms of a person's identity idv-batch keeps: {@code 张*} and {@code 330103********010X}. */
public final class IdentityMask {

    private IdentityMask() {
    }

    /** Keeps the first character (the family name in most Chinese names), masks the rest. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        int first = name.offsetByCodePoints(0, 1);
        int rest = name.codePointCount(first, name.length());
        return name.substring(0, first) + "*".repeat(Math.max(1, rest));
    }

    /** Keeps the region prefix (6) and the last 4 characters of an ID number; shorter numbers keep less. */
    public static String idNumber(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String s = id.strip().toUpperCase();
        if (s.length() >= 14) {
            return s.substring(0, 6) + "*".repeat(s.length() - 10) + s.substring(s.length() - 4);
        }
        int keep = Math.max(0, s.length() / 4);
        return s.substring(0, keep) + "*".repeat(s.length() - 2 * keep) + s.substring(s.length() - keep);
    }
}
