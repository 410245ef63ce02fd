package org.idvbatch.sandbox;

/** What a protocol tells the call log about the call it just answered. */
public record CallNote(String provider, String action, String account, String requestId, String outcome,
        boolean billed) {
}
