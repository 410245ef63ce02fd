package org.idvbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTests {

    private static RetentionPolicy policy(Map<String, Period> retention) {
        return new RetentionPolicy(new ArchiveProperties(null, null, retention, Duration.ofHours(1), 0, 1, 1, null, null));
    }

    @Test
    void productSettingWinsOverProviderWhichWinsOverDefault() {
        RetentionPolicy p = policy(Map.of("default", Period.ofYears(3), "aliyun-idv", Period.ofYears(4),
                "aliyun-idv.IdVerification", Period.ofYears(5)));
        Instant captured = Instant.parse("2026-02-28T16:30:00Z"); // 2026-03-01 00:30 in Asia/Shanghai

        assertThat(p.retainUntil("aliyun-idv", "IdVerification", captured)).isEqualTo("2031-02-28T16:30:00Z");
        assertThat(p.retainUntil("aliyun-idv", "Other", captured)).isEqualTo("2030-02-28T16:30:00Z");
        assertThat(p.retainUntil("tencent-faceid", "FaceID", captured)).isEqualTo("2029-02-28T16:30:00Z");
    }

    @Test
    void threeYearsWhenNothingIsConfigured() {
        assertThat(policy(Map.of()).retainUntil("tencent-faceid", "FaceID", Instant.parse("2026-01-10T00:00:00Z")))
                .isEqualTo("2029-01-10T00:00:00Z");
    }

    @Test
    void rejectsUnknownProviderOrProductNamingTheSetting() {
        assertThatThrownBy(() -> policy(Map.of("tencent", Period.ofYears(1))))
                .hasMessageStartingWith("config: idv.archive.retention.tencent: tencent is not a known provider");
        assertThatThrownBy(() -> policy(Map.of("tencent-faceid.Nope", Period.ofYears(1))))
                .hasMessageStartingWith("config: idv.archive.retention.tencent-faceid.Nope: Nope is not a product of"
                        + " tencent-faceid");
        assertThatThrownBy(() -> policy(Map.of("default", Period.ZERO)))
                .hasMessageContaining("must be a positive period");
    }
}
