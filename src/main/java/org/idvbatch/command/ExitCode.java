package org.idvbatch.command;

/** The exit codes of every idv-batch command, for cron and scripts. */
public final class ExitCode {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** A job or step failed, or the command could not finish: run it again once the cause is mended. */
    public static final int JOB_FAILED = 1;
    /** The input was refused as a whole (the message names the record and field); nothing was applied. */
    public static final int BAD_INPUT = 2;

    private ExitCode() {
    }
}
