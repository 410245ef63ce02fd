package org.idvbatch.identity;


/**
 * Masks anything shaped like a PRC ID number (17 digits and a digit or X, not inside a longer run of digits)
 * in free-text ledger fields a merchant fills (merchant business ids sometimes embed the customer's ID
 * number). A plain character scan, not a regex: it runs on every Sessions row.
 */
public final class FreeTextMask {

    private static final int ID_LENGTH = 18;

    private FreeTextMask() {
    }

    /**
     * A value as an error message may quote it: anything ID-number-shaped masked as the reports mask it, and every
     * run of Chinese characters (a name in the wrong column) masked as a name. A shifted column in a file then
     * echoes neither an ID number nor a name to stderr and the logs.
     */
    public static String forMessage(String text) {
        if (text == null) {
            return null;
        }
        String masked = idNumbers(text);
        StringBuilder out = new StringBuilder(masked.length());
        int i = 0;
        while (i < masked.length()) {
            int cp = masked.codePointAt(i);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                int end = i;
                while (end < masked.length()
                        && Character.UnicodeScript.of(masked.codePointAt(end)) == Character.UnicodeScript.HAN) {
                    end += Character.charCount(masked.codePointAt(end));
                }
                out.append(IdentityMask.name(masked.substring(i, end)));
                i = end;
            } else {
                out.appendCodePoint(cp);
                i += Character.charCount(cp);
            }
        }
        return out.toString();
    }

    public static String idNumbers(String text) {
        if (text == null || text.length() < ID_LENGTH) {
            return text;
        }
        StringBuilder out = null;
        int i = 0;
        while (i <= text.length() - ID_LENGTH) {
            int digits = 0;
            while (i + digits < text.length() && isDigit(text.charAt(i + digits))) {
                digits++;
            }
            boolean idShaped = digits == ID_LENGTH
                    || digits == ID_LENGTH - 1 && i + digits < text.length() && isX(text.charAt(i + digits))
                    && (i + ID_LENGTH == text.length() || !isDigit(text.charAt(i + ID_LENGTH)));
            if (idShaped) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.replace(i, i + ID_LENGTH, IdentityMask.idNumber(text.substring(i, i + ID_LENGTH)));
            }
            i += Math.max(1, digits);
        }
        return out == null ? text : out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isX(char c) {
        return c == 'X' || c == 'x';
    }
}
