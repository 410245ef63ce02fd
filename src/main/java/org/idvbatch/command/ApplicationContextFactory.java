package org.idvbatch.command;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the Spring context for one command, of the application class the launcher names. Extra properties come
 * from the caller (tests point the context at their own database this way); everything else comes from config/
 * and the environment.
 */
public class ApplicationContextFactory {

    private final Class<?> application;
    private final Map<String, Object> extraProperties;

    public ApplicationContextFactory(Class<?> application, Map<String, Object> extraProperties) {
        this.application = application;
        this.extraProperties = Map.copyOf(extraProperties);
    }

    /** This factory with more settings, which win over its own (settings given on the command line). */
    public ApplicationContextFactory with(Map<String, Object> settings) {
        Map<String, Object> merged = new HashMap<>(extraProperties);
        merged.putAll(settings);
        return new ApplicationContextFactory(application, merged);
    }

    public static ApplicationContextFactory fromEnvironment(Class<?> application) {
        return new ApplicationContextFactory(application, Map.of());
    }

    /** A one-shot command's context: never a web server. */
    public ConfigurableApplicationContext start(Map<String, Object> commandProperties) {
        return start(commandProperties, WebApplicationType.NONE, null);
    }

    /**
     * A one-shot command's context whose clock is {@code clock} (the demo's world: the run and its in-process
     * sandbox read one clock, which may start at a chosen moment).
     */
    public ConfigurableApplicationContext start(Map<String, Object> commandProperties, java.time.Clock clock) {
        return start(commandProperties, WebApplicationType.NONE, clock);
    }

    /**
     * The daemon's context: Quartz schedules on, and the only context with a web server, which serves the
     * actuator endpoints (health, prometheus) on {@code idv.daemon.port}.
     */
    public ConfigurableApplicationContext startDaemon() {
        return startDaemon(Map.of(), null);
    }

    /** The daemon's context with more settings and, if given, its own clock (the demo's world). */
    public ConfigurableApplicationContext startDaemon(Map<String, Object> settings, java.time.Clock clock) {
        Map<String, Object> props = new HashMap<>(settings);
        props.putAll(Map.of("idv.daemon.enabled", "true", "spring.quartz.auto-startup", "true",
                "server.port", "${idv.daemon.port:8081}",
                // loopback unless told otherwise: the console and the actuator are not for every interface
                "server.address", "${idv.daemon.address:127.0.0.1}"));
        return start(props, WebApplicationType.SERVLET, clock);
    }

    private ConfigurableApplicationContext start(Map<String, Object> commandProperties, WebApplicationType web,
                                                 java.time.Clock clock) {
        Map<String, Object> props = new HashMap<>(commandProperties);
        props.putAll(extraProperties);
        return new SpringApplicationBuilder(application)
                .web(web)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // first in line: a command's own settings win over config/ files and the environment; added
                // once those are read and before logging starts, so a command's logging levels apply from its
                // first line (-q, -v)
                .listeners(new CommandSettings(props))
                .initializers(ctx -> {
                    if (clock != null) {
                        ((org.springframework.context.support.GenericApplicationContext) ctx).registerBean(
                                "commandClock", java.time.Clock.class, () -> clock, bd -> bd.setPrimary(true));
                    }
                })
                .run();
    }

    /** Puts a command's settings in front of every other property source, before the logging system starts. */
    private record CommandSettings(Map<String, Object> props)
            implements org.springframework.context.ApplicationListener<
                    org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent>,
            org.springframework.core.Ordered {

        @Override
        public void onApplicationEvent(org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent e) {
            e.getEnvironment().getPropertySources().addFirst(new MapPropertySource("idv-command", props));
        }

        /** After the configuration files are read (HIGHEST + 10), before logging (HIGHEST + 20). */
        @Override
        public int getOrder() {
            return org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 15;
        }
    }
}
