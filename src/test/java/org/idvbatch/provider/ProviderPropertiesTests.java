package org.idvbatch.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Provider settings as Spring binds them, the environment's hyphen-less provider keys included. */
class ProviderPropertiesTests {

    @Test
    void anEnvironmentVariableForAHyphenatedProviderSetsThatProviderAndWinsOverTheFile() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "IDV_PROVIDERS_TENCENTFACEID_RETENTION", "5d")));
        sources.addLast(new MapPropertySource("file", Map.of("idv.providers.tencent-faceid.retention", "3d",
                "idv.providers.tencent-faceid.accounts.default.endpoint", "faceid.tencentcloudapi.com")));

        ProviderProperties bound = new Binder(ConfigurationPropertySources.from(sources))
                .bind("idv", ProviderProperties.class).get();

        assertThat(bound.providers()).containsOnlyKeys("tencent-faceid");
        assertThat(bound.providers().get("tencent-faceid").retention()).isEqualTo(Duration.ofDays(5));
        assertThat(bound.providers().get("tencent-faceid").accounts()).containsOnlyKeys("default");
    }

    @Test
    void withoutTheEnvironmentTheFilesProviderKeysStandAsTheyAre() {
        var settings = new ProviderProperties.ProviderSettings(Duration.ofDays(3), Map.of());

        assertThat(new ProviderProperties(Map.of("tencent-faceid", settings)).providers().get("tencent-faceid"))
                .isSameAs(settings);
    }
}
