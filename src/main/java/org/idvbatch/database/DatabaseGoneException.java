package org.idvbatch.database;

import java.sql.SQLTransientConnectionException;

/**
 * The database refuses connections, or cannot be reached: its server died, was stopped, or the network to it is
 * down. The message names the database (its URL without user or password) and the reason, in one line; the
 * command line prints it as the run's failure.
 */
public class DatabaseGoneException extends SQLTransientConnectionException {

    private final String database;

    DatabaseGoneException(String database, String reason, Throwable cause) {
        super("the database at " + database + " is gone: " + reason, "08001", cause);
        this.database = database;
    }

    /** The database's URL, without its parameters (which may carry a user and password). */
    public String database() {
        return database;
    }
}
