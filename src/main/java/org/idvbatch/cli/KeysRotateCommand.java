package org.idvbatch.cli;

import org.idvbatch.command.ExitCode;

import org.idvbatch.command.ContextCommand;
import org.idvbatch.command.ApplicationContextFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import org.idvbatch.archive.KeyRotation;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "keys-rotate", mixinStandardHelpOptions = true,
        description = {"Rotates the archive key-encryption key.",
                "Adds a new key, rewraps every data key with it (payloads are not re-encrypted) and destroys old",
                "keys that nothing uses any more. Back up the keyset file afterwards."})
class KeysRotateCommand implements Callable<Integer>, ContextCommand {

    private final ApplicationContextFactory contexts;
    private final ProgressBars bars;

    @Spec
    CommandSpec spec;

    @Option(names = "--finish", description = "No new key: finish an interrupted rotation to the current primary.")
    boolean finish;

    KeysRotateCommand(ApplicationContextFactory contexts, ProgressBars bars) {
        this.contexts = contexts;
        this.bars = bars;
    }

    @Override
    public Integer call() {
        try (ConfigurableApplicationContext ctx = contexts.start(Map.of())) {
            KeyRotation.RotationResult r = ctx.getBean(KeyRotation.class).rotate(!finish,
                    "keys-rotate by " + System.getProperty("user.name"), bars.listener(false));
            spec.commandLine().getOut().printf("keys-rotate: primary %s, %d data keys rewrapped, retired %s,"
                    + " %d key(s) left in the keyset%n", r.primaryKeyId(), r.rewrapped(),
                    r.retired().isEmpty() ? "none" : String.join(", ", r.retired()), r.keysLeft());
            return ExitCode.OK;
        }
    }
}
