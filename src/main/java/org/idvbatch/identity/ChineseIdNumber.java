package org.idvbatch.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * Checks an 18-character PRC resident identity number (GB 11643-1999): region, birth date and the
 * ISO 7064 MOD 11-2 check character.
 */
public final class ChineseIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private ChineseIdNumber() {
    }

    /** The full number for its first 17 digits: appends the ISO 7064 MOD 11-2 check character (test data). */
    public static String withCheckCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + CHECK[sum % 11];
    }

    /** @return null when valid, otherwise why not (never echoing the number itself) */
    /** The province-level codes of GB/T 2260 (the first two digits), Hong Kong, Macao and Taiwan included. */
    private static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32",
            "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
            "63", "64", "65", "71", "81", "82", "83");
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1890, 1, 1);

    /** @param today the business date the number is checked on (no one is born after it) */
    public static String problem(String id, LocalDate today) {
        if (id.length() != 18) {
            return "must have 18 characters, has " + id.length();
        }
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return "character " + (i + 1) + " must be a digit";
            }
        }
        if (!PROVINCES.contains(id.substring(0, 2)) || id.startsWith("0000", 2)) {
            return "region (characters 1-6) is not an administrative division code";
        }
        LocalDate born;
        try {
            born = LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
        } catch (DateTimeException e) {
            return "birth date (characters 7-14) is not a date";
        }
        if (born.isBefore(EARLIEST_BIRTH) || born.isAfter(today)) {
            return "birth date (characters 7-14) is not a living person's (before " + EARLIEST_BIRTH
                    + " or in the future)";
        }
        return withCheckCharacter(id.substring(0, 17)).equals(id.toUpperCase()) ? null
                : "check character does not match (GB 11643)";
    }
}
