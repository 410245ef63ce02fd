package org.idvbatch.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.idvbatch.harvest.HarvestProperties;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.tencent.TencentBillProperties;
import org.idvbatch.reconcile.ReconcileProperties;
import org.junit.jupiter.api.Test;

/** Which idv.* keys idv-batch reads, as the check decides it from the settings records. */
class UnknownSettingsCheckTests {

    static final Map<String, Class<?>> PREFIXES = Map.of("idv", ProviderProperties.class,
            "idv.harvest", HarvestProperties.class, "idv.reconcile", ReconcileProperties.class,
            "idv.reconcile.tencent-bill", TencentBillProperties.class);

    @Test
    void keysOfTheRecordsTheirMapsAndNestedRecordsAreKnown() {
        assertThat(UnknownSettingsCheck.known("idv.harvest.chunk-size", PREFIXES)).isTrue();
        assertThat(UnknownSettingsCheck.known("idv.harvest.refusals.in-a-row", PREFIXES)).isTrue();
        assertThat(UnknownSettingsCheck.known("idv.providers.tencent-faceid.accounts.shop-2.read-timeout", PREFIXES))
                .isTrue();
        assertThat(UnknownSettingsCheck.known("idv.reconcile.sources.tencent-faceid.due-after", PREFIXES)).isTrue();
        assertThat(UnknownSettingsCheck.known("idv.reconcile.tencent-bill.enabled", PREFIXES)).isTrue();
        assertThat(UnknownSettingsCheck.known("idv.data-dir", PREFIXES)).isTrue();
        assertThat(UnknownSettingsCheck.known("idv.reconcile.sources[aliyun-idv.IdVerification].due-after", PREFIXES))
                .as("a bracketed map key with a dot").isTrue();
    }

    @Test
    void aMisspelledKeyAtAnyDepthIsUnknown() {
        assertThat(UnknownSettingsCheck.known("idv.harvest.chunk-sise", PREFIXES)).isFalse();
        assertThat(UnknownSettingsCheck.known("idv.harvset.threads", PREFIXES)).isFalse();
        assertThat(UnknownSettingsCheck.known("idv.providers.tencent-faceid.accounts.shop-2.read-timout", PREFIXES))
                .isFalse();
        assertThat(UnknownSettingsCheck.known("idv.reconcile.tencent-bill.enabeld", PREFIXES)).isFalse();
        assertThat(UnknownSettingsCheck.known("idv.harvest.threads.max", PREFIXES)).as("inside a plain value").isFalse();
    }
}
