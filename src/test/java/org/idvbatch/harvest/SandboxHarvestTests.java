package org.idvbatch.harvest;

import java.time.Clock;
import org.idvbatch.IdvIntegrationTest;
import org.idvbatch.sandbox.ProviderSandbox;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the harvest tests against the sandbox: one sandbox for the test JVM, every provider account of the
 * context pointed at it, and the application's clock reading the sandbox's business clock.
 */
@IdvIntegrationTest
@Import(SandboxHarvestTests.SandboxTime.class)
public abstract class SandboxHarvestTests {

    protected static final ProviderSandbox SANDBOX = SandboxHarvestSupport.start();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SANDBOX::close));
    }

    @DynamicPropertySource
    static void accounts(DynamicPropertyRegistry r) {
        SandboxHarvestSupport.pointAccountsAt(SANDBOX, r, 50);
    }

    @TestConfiguration
    public static class SandboxTime {
        @Bean
        @Primary
        Clock sandboxClock() {
            return SandboxHarvestSupport.clockOf(SANDBOX);
        }
    }
}
