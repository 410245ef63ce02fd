package org.idvbatch.cli;

import java.io.PrintWriter;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import org.idvbatch.archive.KeyRotation;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "keys-rotate", mixinStandardHelpOptions = true,
        description = {"Rotates the archive key-encryption key.",
                "Adds a new key, rewraps every data key with it (payloads are not re-encrypted) and destroys old",
                "keys that nothing uses any more. Back up the keyset file afterwards."})
class KeysRotateCommand extends ContextCommand {

    private final ProgressBars bars;

    @Option(names = "--finish", description = "No new key: finish an interrupted rotation to the current primary.")
    boolean finish;

    KeysRotateCommand(ApplicationContextFactory contexts, ProgressBars bars) {
        super(contexts);
        this.bars = bars;
    }

    @Override
    protected int run(ConfigurableApplicationContext ctx, PrintWriter out) {
        KeyRotation.RotationResult r = ctx.getBean(KeyRotation.class).rotate(!finish,
                "keys-rotate by " + System.getProperty("user.name"), bars.listener(false));
        spec.commandLine().getOut().printf("keys-rotate: primary %s, %d data keys rewrapped, retired %s,"
                + " %d key(s) left in the keyset%n", r.primaryKeyId(), r.rewrapped(),
                r.retired().isEmpty() ? "none" : String.join(", ", r.retired()), r.keysLeft());
        return ExitCode.OK;
    }
}
