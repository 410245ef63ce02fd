package org.idvbatch.settings;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

/**
 * Every {@code idv.*} setting given in a configuration file, on the command line or by a test must be one that
 * idv-batch reads: a misspelled key ({@code idv.harvest.chunk-sise}) would otherwise be ignored without a word and the
 * default used. Checked once the context is built, against the {@code @ConfigurationProperties} records (their
 * components, maps and nested records) and the few settings read as placeholders. Environment variables are not
 * checked: the configuration refers to many (IDV_DB_URL, ...) that are no settings of their own.
 */
@Component
class UnknownSettingsCheck implements SmartInitializingSingleton {

    /** Settings read through placeholders and {@code @Value}, not bound to a record. */
    static final Set<String> PLACEHOLDER_SETTINGS = Set.of("idv.data-dir", "idv.daemon.enabled", "idv.daemon.port",
            "idv.daemon.address");

    private final ApplicationContext context;
    private final ConfigurableEnvironment environment;

    UnknownSettingsCheck(ApplicationContext context, ConfigurableEnvironment environment) {
        this.context = context;
        this.environment = environment;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<String, Class<?>> prefixes = new TreeMap<>();
        for (Object bean : context.getBeansWithAnnotation(ConfigurationProperties.class).values()) {
            Class<?> type = ClassUtils.getUserClass(bean);
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            if (annotation != null && type.isRecord()) {
                String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
                if (prefix.startsWith("idv")) {
                    prefixes.put(prefix, type);
                }
            }
        }
        List<String> unknown = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)
                    || StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(nameOf(source))) {
                continue;
            }
            iterable.stream().map(ConfigurationPropertyName::toString).filter(n -> n.startsWith("idv.")
                            || n.startsWith("idv["))
                    .filter(n -> !known(n, prefixes)).forEach(unknown::add);
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("unknown setting" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", new TreeSet<>(unknown)) + ": not read by idv-batch (misspelled? see"
                    + " config/application.yml for every setting)");
        }
    }

    private static String nameOf(ConfigurationPropertySource source) {
        Object underlying = source.getUnderlyingSource();
        return underlying instanceof org.springframework.core.env.PropertySource<?> p ? p.getName() : "";
    }

    static boolean known(String name, Map<String, Class<?>> prefixes) {
        ConfigurationPropertyName property = ConfigurationPropertyName.adapt(name, '.');
        if (PLACEHOLDER_SETTINGS.stream().anyMatch(s -> ConfigurationPropertyName.of(s).equals(property))) {
            return true;
        }
        ConfigurationPropertyName best = null;
        for (String prefix : prefixes.keySet()) {
            ConfigurationPropertyName p = ConfigurationPropertyName.of(prefix);
            if ((p.equals(property) || p.isAncestorOf(property))
                    && (best == null || p.getNumberOfElements() > best.getNumberOfElements())) {
                best = p;
            }
        }
        if (best == null) {
            return false;
        }
        List<String> rest = new ArrayList<>();
        for (int e = best.getNumberOfElements(); e < property.getNumberOfElements(); e++) {
            rest.add(property.getElement(e, ConfigurationPropertyName.Form.UNIFORM));
        }
        return covers(prefixes.get(best.toString()), rest);
    }

    /** Whether {@code segments} name something inside {@code type}. */
    static boolean covers(Type type, List<String> segments) {
        if (segments.isEmpty()) {
            return true;
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (Map.class.isAssignableFrom(raw)) { // a key of the caller's choosing, then the value's own names
            Type value = type instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : Object.class;
            return value == Object.class || value == String.class || covers(value, segments.subList(1, segments.size()));
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return true; // list[0].x: indexes, checked by binding itself
        }
        if (!raw.isRecord()) {
            return false; // a plain value has nothing inside
        }
        String wanted = uniform(segments.get(0));
        for (RecordComponent c : raw.getRecordComponents()) {
            if (uniform(c.getName()).equals(wanted)) {
                return covers(c.getGenericType(), segments.subList(1, segments.size()));
            }
        }
        return false;
    }

    private static String uniform(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
