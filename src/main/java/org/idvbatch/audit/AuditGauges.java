package org.idvbatch.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit trail's proof as metrics: the breaks the last nightly audit-verify found, and when the last digest was
 * written. Each is one indexed row; NaN before the first night, or while the database is down.
 */
@Component
class AuditGauges implements MeterBinder {

    private static final String BREAKS = "SELECT breaks FROM audit_verification ORDER BY id DESC LIMIT 1";
    private static final String LAST_DIGEST = """
            SELECT extract(epoch FROM written_at) FROM audit_digest ORDER BY business_date DESC LIMIT 1
            """;

    private final JdbcClient jdbc;

    AuditGauges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("idv.audit.trail.breaks", this, g -> g.read(BREAKS))
                .description("Breaks the last nightly audit-verify found in the audit trail (0: whole)")
                .register(registry);
        Gauge.builder("idv.audit.digest.last", this, g -> g.read(LAST_DIGEST))
                .description("When the last signed audit digest was written, as epoch seconds").baseUnit("seconds")
                .register(registry);
    }

    double read(String sql) {
        try {
            return jdbc.sql(sql).query(Double.class).optional().orElse(Double.NaN);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
