package org.idvbatch;

/**
 * Input that idv-batch refuses as a whole (a file, a row, a response, a date): the message names the
 * record and the field. Nothing of the input was applied. The command line exits with code 2.
 */
public class RejectedInputException extends RuntimeException {

    public RejectedInputException(String message) {
        super(message);
    }

    public RejectedInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
