package org.idvbatch.command;

/** A command that needs the application context (and so the database). */
public interface ContextCommand {
}
