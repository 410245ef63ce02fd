package org.idvbatch.report;

import java.util.List;

/**
 * The ledger's figures for a period (see the definitions in the labels files, shown beside each KPI).
 *
 * @param settled         the period's sessions that are PASSED, FAILED or EXPIRED_UNHARVESTED
 * @param harvestedInTime of those, PASSED or FAILED with the result harvested before the retention deadline
 */
record KpiFigures(long started, long settled, long harvestedInTime, long expired, long atRisk, long errors,
                  long archived, List<ProviderFigures> providers) {

    Double harvestedInTimeShare() {
        return settled == 0 ? null : (double) harvestedInTime / settled;
    }

    /** Sessions of one provider created in the period, by outcome. */
    record ProviderFigures(String provider, long started, long passed, long failed, long expired, long error,
                           long open) {

        Double passRate() {
            return passed + failed == 0 ? null : (double) passed / (passed + failed);
        }
    }
}
