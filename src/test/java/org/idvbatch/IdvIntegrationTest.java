package org.idvbatch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SlowTest
@SpringBootTest(properties = {"idv.database.embedded.ephemeral=true",
    "idv.identity.hmac-key-file=target/test-keys/identity-hmac.key", "idv.reports.dir=target/test-reports",
    "idv.archive.root=target/test-data/archive", "idv.archive.kek-file=target/test-data/keys/archive-kek.json",
    "idv.audit-proof.signing-key-file=target/test-data/keys/audit-signing.json",
    "idv.reconcile.inbox=target/test-data/inbox",
    // the nightly's confirming reads do not wait 3 real minutes for the night's youngest deletions; tests of the
    // confirmation itself set the time they want
    "idv.copy-deletion.confirm-after=0s"})
public @interface IdvIntegrationTest {}
