package org.idvbatch.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idvbatch.SlowTest;
import org.idvbatch.command.ApplicationContextFactory;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The contexts the product runs in (a one-shot command's, the daemon's) hold no bean of the sandbox, the
 * benchmarks or the demo: those are created by their own commands only.
 */
@SlowTest
class ProductionContextTests {

    static final Path WORK = Path.of("target/production-context-test").toAbsolutePath();
    static final Map<String, Object> EPHEMERAL = Map.of("idv.database.embedded.ephemeral", "true",
            "idv.identity.hmac-key-file", WORK.resolve("hmac.key").toString(),
            "idv.reports.dir", WORK.resolve("reports").toString(),
            "idv.archive.root", WORK.resolve("archive").toString(),
            "idv.archive.kek-file", WORK.resolve("keys/archive-kek.json").toString(),
            "idv.daemon.port", "0", "spring.quartz.auto-startup", "false");

    @Test
    void aCommandsContextHasNoSandboxBenchOrDemoBean() {
        try (ConfigurableApplicationContext ctx = org.idvbatch.launcher.IdvBatchLauncher.contexts(EPHEMERAL).start(Map.of())) {
            assertThat(beansFromOutsideTheProduct(ctx)).isEmpty();
        }
    }

    @Test
    void theDaemonsContextHasNoSandboxBenchOrDemoBean() {
        try (ConfigurableApplicationContext ctx = org.idvbatch.launcher.IdvBatchLauncher.contexts(EPHEMERAL).startDaemon()) {
            assertThat(beansFromOutsideTheProduct(ctx)).isEmpty();
        }
    }

    private static List<String> beansFromOutsideTheProduct(ConfigurableApplicationContext ctx) {
        List<String> found = new ArrayList<>();
        for (String name : ctx.getBeanDefinitionNames()) {
            Class<?> type = ctx.getType(name);
            String cls = type == null ? "" : ClassUtils.getUserClass(type).getName();
            if (cls.startsWith("org.idvbatch.sandbox.") || cls.startsWith("org.idvbatch.bench.")
                    || cls.startsWith("org.idvbatch.demo.")) {
                found.add(name + " (" + cls + ")");
            }
        }
        return found;
    }
}
