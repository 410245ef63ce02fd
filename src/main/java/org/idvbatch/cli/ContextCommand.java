package org.idvbatch.cli;

/** A command that needs the application context (and so the database). */
interface ContextCommand {
}
