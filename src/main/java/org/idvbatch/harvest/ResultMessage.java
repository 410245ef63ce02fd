package org.idvbatch.harvest;

import java.util.regex.Pattern;
import org.idvbatch.identity.FreeTextMask;

/**
 * What the ledger keeps of a provider's message or a failure's text ({@code result_message}): a truncated
 * answer may carry the start of a base64 face image, and a provider's text an ID number or a name. Runs that look
 * like base64 data are replaced by their length, identity is masked, and at most {@link #MAX} characters are kept
 * (the column's own limit too).
 */
final class ResultMessage {

    static final int MAX = 500;
    /** 40 or more base64 characters in a row: image data, never prose. */
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/]{40,}={0,2}");

    private ResultMessage() {
    }

    static String of(String message) {
        if (message == null) {
            return null;
        }
        String clean = BASE64_RUN.matcher(message).replaceAll(m -> "[" + m.group().length() + " characters of data]");
        clean = FreeTextMask.forMessage(clean);
        return clean.length() <= MAX ? clean : clean.substring(0, MAX - 1) + "…";
    }
}
