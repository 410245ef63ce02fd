package org.idvbatch.housekeeping;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.idvbatch.IdvIntegrationTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The shared integration settings with the clock pinned ({@link PinnedClock}, moved by each test), small batches
 * (three rows per transaction, so that every rule runs several) and an evidence retention of 2 years, which the
 * identity retention follows since it is not set. One cached context, a database of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@IdvIntegrationTest
@Import(PinnedClock.Configuration.class)
@TestPropertySource(properties = {"idv.housekeeping.batch=3", "idv.archive.retention.default=2y",
        "idv.reports.dir=target/test-data/housekeeping-reports"})
@interface HousekeepingTest {
}
