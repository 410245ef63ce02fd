package org.idvbatch.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Sheet;

/**
 * Summary: the run, then the KPIs each with a one-line definition and a traffic-light status cell, then
 * the pass rate by provider.
 */
final class SummarySheet {

    private final ReportLabels labels;
    private final SheetStyles styles;
    /** Nothing has been recorded yet: no status may read as normal. */
    private boolean nothingRecorded;

    SummarySheet(ReportLabels labels, SheetStyles styles) {
        this.labels = labels;
        this.styles = styles;
    }

    /**
     * @param nothingRecorded the ledger holds no session yet: the sheet says so above its table, and every status
     *                        that would read normal reads "watch" instead (there is nothing to be normal about)
     */
    void write(SheetSeries series, String titleKey, ReportPeriod period, RunInfo run, Instant generatedAt,
               KpiFigures kpi, ReconcileTotals reconcile, boolean nothingRecorded) {
        write(series, titleKey, period, run, generatedAt, kpi, reconcile, nothingRecorded, null);
    }

    /**
     * As above, for a day whose session detail went to a file ({@code sessions}, null when it is on the Sessions
     * sheet): the run's lines name the file, its rows and its SHA-256.
     */
    void write(SheetSeries series, String titleKey, ReportPeriod period, RunInfo run, Instant generatedAt,
               KpiFigures kpi, ReconcileTotals reconcile, boolean nothingRecorded, SessionsCsv.Detail sessions) {
        this.nothingRecorded = nothingRecorded;
        Sheet sheet = series.first();
        Cell title = sheet.createRow(0).createCell(0);
        title.setCellValue(labels.get(titleKey));
        title.setCellStyle(styles.title);
        sheet.createRow(1).createCell(0).setCellValue(labels.get("timezone"));
        if (nothingRecorded) {
            Cell notice = sheet.createRow(2).createCell(0);
            notice.setCellValue(labels.get("notice.nothingRecorded"));
            notice.setCellStyle(styles.section);
        }

        TableSheet runTable = TableSheet.start(series, 3, List.of(labels.get("item"), labels.get("value"),
                labels.get("status"), labels.get("definition")), 30, 22, 10, 60).frozen();
        runTable.line().text(labels.get("run.period")).date(period.first()).date(period.last());
        runTable.line().text(labels.get("run.id")).integer(run.runId());
        runTable.line().text(labels.get("run.startedAt")).dateTime(run.startedAt());
        runTable.line().text(labels.get("run.generatedAt")).dateTime(generatedAt);
        runTable.line().text(labels.get("run.duration"))
                .seconds(Duration.between(run.startedAt(), generatedAt).toMillis() / 1000.0);
        runTable.line().text(labels.get("run.version")).text(run.version());
        if (sessions != null) {
            String above = String.format(Locale.ROOT, "%,d", sessions.above());
            runTable.line().text(labels.get("csv.file")).wrapped(sessions.fileName()).skip()
                    .wrapped(labels.get("csv.file.def").replace("{above}", above));
            runTable.line().text(labels.get("csv.rows")).integer(sessions.rows()).skip()
                    .wrapped(labels.get("csv.rows.def"));
            runTable.line().text(labels.get("csv.sha256")).wrapped(sessions.sha256()).skip()
                    .wrapped(labels.get("csv.sha256.def"));
        }

        kpi(runTable, "kpi.started", kpi.started(), TrafficLight.GREEN);
        runTable.line().text(labels.get("kpi.harvestedInTime")).percent(kpi.harvestedInTimeShare())
                .light(shown(TrafficLight.share(kpi.harvestedInTimeShare(), 0.995, 0.95)), labels)
                .wrapped(labels.get("kpi.harvestedInTime.def"));
        kpi(runTable, "kpi.expired", kpi.expired(), TrafficLight.zeroOr(kpi.expired(), TrafficLight.RED));
        kpi(runTable, "kpi.atRisk", kpi.atRisk(), TrafficLight.zeroOr(kpi.atRisk(), TrafficLight.AMBER));
        kpi(runTable, "kpi.errors", kpi.errors(), TrafficLight.zeroOr(kpi.errors(), TrafficLight.AMBER));
        kpi(runTable, "kpi.archived", kpi.archived(), TrafficLight.GREEN);
        ArchiveCheck check = run.archiveCheck();
        runTable.line().text(labels.get("kpi.verified"))
                .integer(check.checked() == null ? null : check.checked().longValue())
                .light(shown(check.checked() == null ? TrafficLight.AMBER : TrafficLight.GREEN), labels)
                .wrapped(labels.get("kpi.verified.def"));
        kpi(runTable, "kpi.verifyFailures", check.findings().size(),
                TrafficLight.zeroOr(check.findings().size(), TrafficLight.RED));
        long callsDiff = reconcile.ledgerCalls() - reconcile.providerCalls();
        kpi(runTable, "kpi.ledgerCalls", reconcile.ledgerCalls(), TrafficLight.zeroOr(callsDiff, TrafficLight.AMBER));
        kpi(runTable, "kpi.providerCalls", reconcile.providerCalls(),
                TrafficLight.zeroOr(callsDiff, TrafficLight.AMBER));
        // never green while lines differ: a zero sum can hide differences of either sign, or counts-only lines
        runTable.line().text(labels.get("kpi.amountDiff")).amount(reconcile.amountDifference())
                .light(shown(reconcile.amountDifference().signum() != 0 || reconcile.notMatched() > 0 ? TrafficLight.RED
                        : TrafficLight.GREEN), labels)
                .wrapped(labels.get("kpi.amountDiff.def") + (reconcile.countsOnly().isEmpty() ? ""
                        : labels.get("kpi.countsOnly") + String.join(", ", reconcile.countsOnly())));
        kpi(runTable, "kpi.linesNotMatched", reconcile.notMatched(),
                TrafficLight.zeroOr(reconcile.notMatched(), TrafficLight.RED));
        kpi(runTable, "kpi.linesAwaiting", reconcile.awaiting(),
                TrafficLight.zeroOr(reconcile.awaiting(), TrafficLight.AMBER));

        int at = series.rowFor(runTable.end() + 1, 3);
        Cell section = series.current().createRow(at).createCell(0);
        section.setCellValue(labels.get("byProvider"));
        section.setCellStyle(styles.section);
        TableSheet providers = TableSheet.start(series, at + 1, List.of(labels.get("provider"),
                labels.get("started"), labels.get("passed"), labels.get("failed"), labels.get("expired"),
                labels.get("error"), labels.get("open"), labels.get("passRate")));
        for (KpiFigures.ProviderFigures p : kpi.providers()) {
            providers.line().text(p.provider()).integer(p.started()).integer(p.passed()).integer(p.failed())
                    .integer(p.expired()).integer(p.error()).integer(p.open()).percent(p.passRate());
        }
        providers.filter();
    }

    private TrafficLight shown(TrafficLight light) {
        return nothingRecorded && light == TrafficLight.GREEN ? TrafficLight.AMBER : light;
    }

    private void kpi(TableSheet table, String key, long value, TrafficLight light) {
        table.line().text(labels.get(key)).integer(value).light(shown(light), labels).wrapped(labels.get(key + ".def"));
    }
}
