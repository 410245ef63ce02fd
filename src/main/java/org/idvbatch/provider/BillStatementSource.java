package org.idvbatch.provider;

import java.time.LocalDate;

/**
 * A provider API that reports what the provider counted for a business day; today one exists, Tencent's
 * GetWeChatBillDetails ({@code provider.tencent.TencentBillStatementSource}). Alibaba's console exports come in
 * as files through the statement inbox instead. The reconciliation stores what a source answers exactly like an
 * imported export file (same versioning, same no-op for an identical answer); the nightly's reconcile step and
 * {@code reconcile} ask every source bean for the day they reconcile.
 */
public interface BillStatementSource {

    /** The provider this source speaks for. */
    Provider provider();

    /** How long after a business day ends (00:00 Asia/Shanghai of the next day) the API has that day's figures. */
    java.time.Duration publishedAfterDayEnd();

    /** How long after the day ends its figures may still change: until then the source is asked again. */
    java.time.Duration finalAfterDayEnd();

    /**
     * The provider's bill for one business day (Asia/Shanghai).
     *
     * @throws org.idvbatch.RejectedInputException if the answer is unusable (names the field)
     */
    ProviderBill fetch(LocalDate businessDate);
}
