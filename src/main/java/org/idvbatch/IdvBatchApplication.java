package org.idvbatch;

import org.idvbatch.cli.IdvBatchCli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import java.time.Clock;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Spring Boot application; the command line ({@link IdvBatchCli}) decides which context to start. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdvBatchApplication {

    public static void main(String[] args) {
        System.exit(IdvBatchCli.execute(args));
    }

    /** Instants are UTC; business dates are derived from them in Asia/Shanghai where needed. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
