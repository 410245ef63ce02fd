package org.idvbatch.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.List;
import org.idvbatch.LedgerFixtures;
import org.idvbatch.harvest.SandboxHarvestSupport;
import org.idvbatch.harvest.SandboxHarvestTests;
import org.idvbatch.provider.MonthlyInvoiceSource;
import org.idvbatch.provider.Provider;
import org.idvbatch.reconcile.Reconciler;
import org.idvbatch.reconcile.close.InvoiceReconciliation;
import org.idvbatch.reconcile.close.InvoiceStore;
import org.idvbatch.reconcile.close.MonthClose;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A month in the sandbox, closed against Tencent's monthly bill: the nights harvest and reconcile the days, the bill
 * (by deduction day) holds the previous month's last day and not this month's, and after that computed reconciling
 * item and the calls a prepaid resource package covered, the invoice matches the ledger to the fen; the month then
 * closes and is approved, and the Close sheet shows the chain.
 */
class MonthInvoiceInSandboxTests extends SandboxHarvestTests {

    static final YearMonth APRIL = YearMonth.of(2027, 4);

    /** The shipped tariffs, and a package of 5 Tencent 核身 calls for April bought for 6.00. */
    static final java.nio.file.Path TARIFFS = java.nio.file.Path.of("target/test-data/tariffs-with-package.yml");

    @DynamicPropertySource
    static void tencentBills(DynamicPropertyRegistry r) throws java.io.IOException {
        java.nio.file.Files.createDirectories(TARIFFS.getParent());
        java.nio.file.Files.writeString(TARIFFS, java.nio.file.Files.readString(java.nio.file.Path.of(
                "config/tariffs.yml")) + """

                packages:
                  - { provider: tencent-faceid, product: FaceID, charge-type: 核身, calls: 5, price: "6.00",
                      valid-from: 2027-04-01, valid-to: 2027-04-30 }
                """);
        r.add("idv.reconcile.tariffs", TARIFFS::toString);
        r.add("idv.reconcile.tencent-bill.enabled", () -> "true");
        r.add("idv.reconcile.tencent-invoice.enabled", () -> "true");
    }

    @Autowired
    NightlyRunner nightly;
    @Autowired
    Reconciler reconciler;
    @Autowired
    MonthlyInvoiceSource invoiceSource;
    @Autowired
    InvoiceStore invoices;
    @Autowired
    InvoiceReconciliation invoiceReconciliation;
    @Autowired
    MonthClose close;
    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void clockBackToNow() {
        SANDBOX.clock().set(Instant.now());
        SANDBOX.clearResourcePackages();
    }

    @Test
    void theInvoiceMatchesTheLedgerAfterTheMonthEndDayAndTheMonthCloses() throws Exception {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE reconcile_result, reconcile_day, reconcile_run, statement_line, statement_file,"
                + " reconcile_line, reconcile_month_action, provider_invoice RESTART IDENTITY CASCADE").update();
        // sessions on the previous month's last day, the 1st, the 15th and the month's last day
        List<LocalDate> days = List.of(APRIL.atDay(1).minusDays(1), APRIL.atDay(1), APRIL.atDay(15),
                APRIL.atEndOfMonth());
        int[] sessions = {2, 3, 3, 4};
        SANDBOX.resourcePackage(new org.idvbatch.sandbox.billing.BillingLedger.ResourcePackage(
                Provider.TENCENT_FACEID.code(), SandboxHarvestSupport.ID, "核身", 5, APRIL.atDay(1), APRIL.atEndOfMonth()));
        for (int d = 0; d < days.size(); d++) {
            LocalDate day = days.get(d);
            at(day, LocalTime.of(8, 0));
            for (int i = 0; i < sessions[d]; i++) {
                Instant created = beijing(day, LocalTime.of(9, 0)).plus(Duration.ofMinutes(10L * i));
                SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.TENCENT_FACEID, "FaceID", "rule-1",
                        "month-" + day + "-" + i, null, created, Outcome.PASS, created.plus(Duration.ofMinutes(2)));
            }
            at(day.plusDays(1), LocalTime.of(7, 0)); // after Tencent published the day's bill
            assertThat(nightly.run(day, true).succeeded()).isTrue();
        }
        at(APRIL.plusMonths(1).atDay(3), LocalTime.of(13, 0));
        reconciler.reconcileMonth(APRIL); // every day of the month has its answer, empty days too

        InvoiceStore.Stored stored = invoices.store(invoiceSource.fetch(APRIL), invoiceSource.booksLastDayInNextMonth());
        assertThat(invoices.store(invoiceSource.fetch(APRIL), true).isNew()).as("the same bill again").isFalse();

        assertThat(invoiceReconciliation.statements(APRIL)).singleElement().satisfies(s -> {
            assertThat(s.invoiceVersion()).isEqualTo(stored.version());
            assertThat(s.ledger()).as("10 calls in April at 1.50").isEqualByComparingTo("15.00");
            assertThat(s.monthEndShift()).as("+ March 31 (2 calls), - April 30 (4 calls)").isEqualByComparingTo("-3.00");
            assertThat(s.resourcePackages()).as("the package covers 5 of the 6 calls of April 1 and 15")
                    .isEqualByComparingTo("-7.50");
            assertThat(s.precision()).isEqualByComparingTo("0.00");
            assertThat(s.invoice()).as("deducted in April: March 31, April 1 and 15, 5 calls from the package")
                    .isEqualByComparingTo("4.50");
            assertThat(s.invoiceCalls()).isEqualTo(8);
            assertThat(s.unexplained()).isEqualByComparingTo("0.00");
        });

        assertThat(close.status(APRIL).unexplained()).isZero();
        close.prepare(APRIL, "alice", null);
        close.approve(APRIL, "bob", null);
        assertThat(close.status(APRIL).state()).isEqualTo(MonthClose.State.APPROVED);

        java.nio.file.Path workbook = monthly.write(APRIL, new org.idvbatch.report.RunInfo(APRIL.atEndOfMonth(), 1L,
                Instant.parse("2027-05-03T05:00:00Z"), "test"));
        try (var in = java.nio.file.Files.newInputStream(workbook);
             var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(in)) {
            var sheet = wb.getSheet("月结");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("月结状态: 已结账（已复核） · 未解释: 0");
            List<String> actions = new java.util.ArrayList<>();
            for (int r = 2; r <= 3; r++) {
                actions.add(sheet.getRow(r).getCell(1).getStringCellValue() + " " + sheet.getRow(r).getCell(2)
                        .getStringCellValue());
            }
            assertThat(actions).containsExactly("已提交 alice", "已结账（已复核） bob");
            int row = 0; // the bill table's line of the provider
            while (sheet.getRow(row) == null || sheet.getRow(row).getCell(0) == null
                    || !sheet.getRow(row).getCell(0).toString().equals("tencent-faceid")) {
                row++;
            }
            var bill = sheet.getRow(row);
            assertThat(bill.getCell(3).getNumericCellValue()).as("ledger").isEqualTo(15.00);
            assertThat(bill.getCell(4).getNumericCellValue()).as("month-end shift").isEqualTo(-3.00);
            assertThat(bill.getCell(5).getNumericCellValue()).as("resource packages").isEqualTo(-7.50);
            assertThat(bill.getCell(6).getNumericCellValue()).as("tier boundaries").isEqualTo(0.0);
            assertThat(bill.getCell(10).getNumericCellValue()).as("bill").isEqualTo(4.50);
            assertThat(bill.getCell(11).getNumericCellValue()).as("unexplained").isEqualTo(0.0);
        }
    }

    @Autowired
    org.idvbatch.report.MonthlyReportWriter monthly;

    private static void at(LocalDate day, LocalTime time) {
        SANDBOX.clock().set(beijing(day, time));
    }

    private static Instant beijing(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(BusinessDay.ZONE).toInstant();
    }
}
