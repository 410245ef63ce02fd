package org.idvbatch.cli;

import java.util.HashMap;
import java.util.Map;
import org.idvbatch.IdvBatchApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the Spring context for one command. Extra properties come from the caller (tests point the
 * context at their own database this way) and outrank config/ and the environment; everything else comes
 * from those.
 */
public class ApplicationContextFactory {

    private final Map<String, Object> extraProperties;

    public ApplicationContextFactory(Map<String, Object> extraProperties) {
        this.extraProperties = Map.copyOf(extraProperties);
    }

    public static ApplicationContextFactory fromEnvironment() {
        return new ApplicationContextFactory(Map.of());
    }

    public ConfigurableApplicationContext start(Map<String, Object> commandProperties) {
        Map<String, Object> props = new HashMap<>(commandProperties);
        props.putAll(extraProperties);
        return new SpringApplicationBuilder(IdvBatchApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // highest precedence: as default properties they would lose to config/application.yml
                .initializers(ctx -> ctx.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("idv-command", props)))
                .run();
    }
}
