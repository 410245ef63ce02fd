package org.idvbatch.provider;

import java.util.ArrayList;
import java.util.List;
import org.idvbatch.settings.BoundSettings;

/** A provider account as a configuration file would give it: bound by Spring Boot, its defaults applied. */
public final class TestAccounts {

    private TestAccounts() {
    }

    /** The account {@code pairs} describe ("endpoint", "127.0.0.1:8080", "protocol", "http", ...). */
    public static ProviderProperties.AccountSettings account(String... pairs) {
        List<String> prefixed = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            prefixed.add("providers.tencent-faceid.accounts.default." + pairs[i]);
            prefixed.add(pairs[i + 1]);
        }
        return BoundSettings.bind(ProviderProperties.class, prefixed.toArray(String[]::new))
                .providers().get("tencent-faceid").accounts().get("default");
    }
}
