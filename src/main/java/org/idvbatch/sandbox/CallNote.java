package org.idvbatch.sandbox;

/**
 * What a protocol tells the call log about the call it just answered.
 *
 * @param detail what the request asked for beyond the usual, e.g. {@code Encryption=SM4-GCM,IsEncryptResponse}
 *               (never a parameter value), or null
 */
public record CallNote(String provider, String action, String account, String requestId, String outcome,
        boolean billed, String detail) {

    public CallNote(String provider, String action, String account, String requestId, String outcome,
            boolean billed) {
        this(provider, action, account, requestId, outcome, billed, null);
    }
}
