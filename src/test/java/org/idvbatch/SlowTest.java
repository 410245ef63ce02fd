package org.idvbatch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test that starts PostgreSQL, a daemon, LibreOffice or other processes: tagged {@code slow}, so that
 * {@code mvn test -Pfast} runs only the others (see src/site/markdown/running-the-tests.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SlowTest.TAG)
public @interface SlowTest {

    String TAG = "slow";
}
