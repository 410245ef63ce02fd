package org.idvbatch.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The pool's answer once its database refuses connections: the database named, and no second wait for it. */
class GuardedDataSourceTests {

    @Test
    void theDatabaseItNamesCarriesNoUserPasswordOrParameters() {
        assertThat(GuardedDataSource.database("jdbc:postgresql://idv:secret@db.example:5432/idv?user=idv&password=x"))
                .isEqualTo("jdbc:postgresql://db.example:5432/idv");
    }

    @Test
    void aRefusedDatabaseIsNamedAndTheNextRequestIsAnsweredWithoutWaitingForThePoolAgain() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: connections to it are refused
        }
        try (GuardedDataSource ds = new GuardedDataSource()) {
            ds.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/idv?user=idv&password=secret");
            ds.setConnectionTimeout(1000);
            ds.setInitializationFailTimeout(-1);

            DatabaseGoneException first = catchThrowableOfType(DatabaseGoneException.class, ds::getConnection);
            DatabaseGoneException next = catchThrowableOfType(DatabaseGoneException.class, ds::getConnection);

            assertThat((Throwable) first).hasMessage("the database at jdbc:postgresql://127.0.0.1:" + port
                    + "/idv is gone: connection refused");
            assertThat((Throwable) next).hasMessage(first.getMessage()).hasCause(first); // from memory, not from the pool
        }
    }
}
