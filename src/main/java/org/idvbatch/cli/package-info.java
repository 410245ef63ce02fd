/**
 * The command line: parses arguments with picocli before any Spring context exists (so {@code --help} and
 * usage errors are instant), then starts the context a command needs and maps outcomes to exit codes:
 * 0 success, 1 job failed, 2 bad usage or bad input.
 */
package org.idvbatch.cli;
