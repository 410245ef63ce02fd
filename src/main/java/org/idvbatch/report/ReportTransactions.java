package org.idvbatch.report;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The read-only, repeatable-read transaction a workbook's streamed sheets run in: PostgreSQL's driver only
 * honours the fetch size (a cursor) with auto-commit off, and all sheets then see the same snapshot.
 */
final class ReportTransactions {

    private ReportTransactions() {
    }

    static TransactionTemplate readOnly(PlatformTransactionManager tx) {
        TransactionTemplate template = new TransactionTemplate(tx);
        template.setReadOnly(true);
        template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return template;
    }
}
