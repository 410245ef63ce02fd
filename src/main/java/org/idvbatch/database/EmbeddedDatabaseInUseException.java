package org.idvbatch.database;

/**
 * The embedded PostgreSQL did not start on its data directory, most often because another idv-batch process
 * runs it. The message says so and what to do instead; it is the command's whole error line.
 */
public class EmbeddedDatabaseInUseException extends IllegalStateException {

    EmbeddedDatabaseInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
