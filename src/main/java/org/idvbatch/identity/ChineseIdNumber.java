package org.idvbatch.identity;

import java.time.DateTimeException;
import java.time.LocalDate;

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
    public static String problem(String id) {
        if (id.length() != 18) {
            return "must have 18 characters, has " + id.length();
        }
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return "character " + (i + 1) + " must be a digit";
            }
        }
        try {
            LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
        } catch (DateTimeException e) {
            return "birth date (characters 7-14) is not a date";
        }
        return withCheckCharacter(id.substring(0, 17)).equals(id.toUpperCase()) ? null
                : "check character does not match (GB 11643)";
    }
}
