package org.idvbatch;

import java.util.Optional;

/**
 * Input that idv-batch refuses as a whole (a file, a row, a response, a date): the message names the
 * record and the field, in the domain's words. Nothing of the input was applied. When the refusal is about one
 * field of a request (the month to close, who asks, why), {@link #field()} names it, and each front end renders it
 * its own way: the command line as its option ({@code --month: 2026-11 has not ended}), the console beside its
 * form field in the page's language. The command line exits with code 2.
 */
public class RejectedInputException extends RuntimeException {

    private final String field;

    public RejectedInputException(String message) {
        this(null, message);
    }

    /**
     * @param field   the request's field the refusal is about ({@code month}, {@code by}, {@code reason},
     *                {@code session}, ...), in lower-case words joined by hyphens
     * @param message why, in the domain's words, without the field's name
     */
    public RejectedInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public RejectedInputException(String message, Throwable cause) {
        super(message, cause);
        this.field = null;
    }

    /** The field of the request the refusal is about, if it is about one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
