package org.idvbatch;

import java.time.Clock;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Spring Boot application; the command line ({@code org.idvbatch.launcher.IdvBatchLauncher}, the jar's main) decides
 * which context to start. The component
 * scan covers the product only: the provider sandbox and the benchmarks are never beans of a production context
 * (their commands create what they need), which {@code ProductionContextTests} checks.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = IdvBatchApplication.NOT_SCANNED)})
@ConfigurationPropertiesScan
public class IdvBatchApplication {

    /** Packages whose classes are never scanned: the sandbox, the benchmarks. */
    static final String NOT_SCANNED = "org\\.idvbatch\\.(sandbox|bench)\\..*";

    /** Instants are UTC; business dates are derived from them in Asia/Shanghai (org.idvbatch.time.BusinessDay). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
