package org.idvbatch.reconcile.statement;

import java.time.LocalDate;

/**
 * A provider API that reports what the provider counted for a business day (Tencent GetWeChatBillDetails,
 * Alibaba DescribeVerifyUsage, ...). Implementations aggregate the answer into statement rows; the
 * {@link StatementStore} keeps them exactly like an imported export file (same versioning, same no-op for an
 * identical answer). Beans of this type are fetched by {@code reconcile --fetch} and the nightly step.
 */
public interface ConsoleStatementSource {

    /** The provider code (verification_session.provider) this source speaks for. */
    String provider();

    /**
     * The provider's statement for one business day (Asia/Shanghai), period = that day.
     *
     * @throws org.idvbatch.RejectedInputException if the answer is unusable (names the field)
     */
    ParsedStatement fetch(LocalDate businessDate);
}
