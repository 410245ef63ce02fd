package org.idvbatch.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/**
 * A settings record as the application gets it: bound by Spring Boot's binder from {@code key=value} pairs under
 * the record's prefix, its defaults ({@code @DefaultValue}) applied by the binder as in a running context. A
 * refusal comes out as the record's own exception, not wrapped in the binder's.
 */
public final class BoundSettings {

    private BoundSettings() {
    }

    /** {@code type} bound from {@code pairs} ("lease", "5s", ...; keys relative to its prefix). */
    public static <T> T bind(Class<T> type, String... pairs) {
        String prefix = type.getAnnotation(ConfigurationProperties.class).value();
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(prefix + "." + pairs[i], pairs[i + 1]);
        }
        Binder binder = new Binder(java.util.List.of(new MapConfigurationPropertySource(values)), null,
                ApplicationConversionService.getSharedInstance());
        try {
            return binder.bindOrCreate(prefix, type);
        } catch (BindException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException r ? r : e;
        }
    }
}
