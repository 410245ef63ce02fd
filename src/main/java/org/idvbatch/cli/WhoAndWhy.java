package org.idvbatch.cli;

import picocli.CommandLine.Option;

/**
 * {@code --by NAME --reason TEXT}: who asks for a change and why, both required and both audited. A picocli mixin
 * shared by every command that changes something a person answers for (hold, requeue, erase, explain, reopen).
 */
final class WhoAndWhy {

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who asks for it (audited).")
    String by;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (audited).")
    String reason;
}
