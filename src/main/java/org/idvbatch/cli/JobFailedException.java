package org.idvbatch.cli;

/** A job that ended FAILED: its message is the one line on stderr that names the cause (exit 1). */
class JobFailedException extends RuntimeException {

    JobFailedException(String message) {
        super(message);
    }
}
