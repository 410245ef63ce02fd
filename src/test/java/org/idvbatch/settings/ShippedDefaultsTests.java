package org.idvbatch.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.FileSystemResource;

/**
 * Defaults are written one way, as {@code @DefaultValue} on the settings records, where Spring Boot applies them.
 * config/application.yml shows the same values beside their explanation; these tests hold the two to each other,
 * so that the file a merchant copies never quietly differs from what an unset setting means.
 */
class ShippedDefaultsTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "org.idvbatch.harvest.HarvestProperties;",
            "org.idvbatch.harvest.partition.PartitionProperties;nodeId",
            "org.idvbatch.schedule.ScheduleProperties;",
            "org.idvbatch.report.ReportProperties;",
            "org.idvbatch.alert.AlertProperties;webhookUrl",
            "org.idvbatch.health.HealthProbeProperties;",
            "org.idvbatch.console.ConsoleProperties;",
            "org.idvbatch.copydeletion.CopyDeletionProperties;policy",
            "org.idvbatch.reconcile.ReconcileProperties;inbox",
            "org.idvbatch.housekeeping.LedgerRetentionProperties;",
            "org.idvbatch.housekeeping.AuditProperties;",
            "org.idvbatch.housekeeping.HistoryProperties;",
            "org.idvbatch.housekeeping.HousekeepingProperties;",
    })
    void theShippedFileStatesEachDefaultWithoutChangingIt(String type, String setInTheFile) throws Exception {
        Class<?> settings = Class.forName(type);
        Object unset = BoundSettings.bind(settings);
        Object shipped = shipped(settings);
        Set<String> differ = setInTheFile == null ? Set.of() : Set.of(setInTheFile.split(","));
        for (RecordComponent c : settings.getRecordComponents()) {
            if (differ.contains(c.getName())) {
                continue;
            }
            c.getAccessor().setAccessible(true);
            assertThat(c.getAccessor().invoke(shipped))
                    .as("%s.%s in config/application.yml", prefix(settings), c.getName())
                    .isEqualTo(c.getAccessor().invoke(unset));
        }
    }

    private static String prefix(Class<?> settings) {
        return settings.getAnnotation(ConfigurationProperties.class).value();
    }

    private static Object shipped(Class<?> settings) throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        List.copyOf(new YamlPropertySourceLoader().load("application.yml",
                new FileSystemResource("config/application.yml"))).forEach(sources::addLast);
        Binder binder = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources), ApplicationConversionService.getSharedInstance());
        return binder.bindOrCreate(prefix(settings), settings);
    }
}
