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
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.billing.BillingLedger;
import org.idvbatch.time.BusinessDay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A month in the sandbox (June 2027, days no other test bills), closed against Alibaba's monthly bill of Cloudauth
 * read through the BSS OpenAPI (DescribeInstanceBill, daily granularity, over the sandbox's signed RPC): the bill
 * holds the previous month's last day and not June 30 (Alibaba's daily billing books the month's last day in the
 * next month's bill), a prepaid resource package deducts exactly the calls it covered, and after those computed
 * reconciling items the bill matches the ledger to the fen. The bill is "not yet due" until 12:00 on July 3rd
 * (Asia/Shanghai), with the clock pinned on either side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AliyunMonthInvoiceInSandboxTests extends SandboxHarvestTests {

    static final YearMonth JUNE = YearMonth.of(2027, 6);

    /** The shipped tariffs, and a package of 5 Cloudauth FaceVerify calls for June. */
    static final java.nio.file.Path TARIFFS = java.nio.file.Path.of("target/test-data/tariffs-with-aliyun-package.yml");

    @DynamicPropertySource
    static void aliyunBill(DynamicPropertyRegistry r) throws java.io.IOException {
        java.nio.file.Files.createDirectories(TARIFFS.getParent());
        java.nio.file.Files.writeString(TARIFFS, java.nio.file.Files.readString(java.nio.file.Path.of(
                "config/tariffs.yml")) + """

                packages:
                  - { provider: aliyun-cloudauth, product: FaceVerify, charge-type: default, calls: 5, price: "4.00",
                      valid-from: 2027-06-01, valid-to: 2027-06-30 }
                """);
        r.add("idv.reconcile.tariffs", TARIFFS::toString);
        r.add("idv.reconcile.aliyun-invoice.enabled", () -> "true");
        r.add("idv.reconcile.aliyun-invoice.endpoint", SANDBOX::endpoint);
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
    JdbcClient jdbc;
    @Autowired
    java.time.Clock clock;

    @BeforeAll
    void aMonthOfCloudauthSessions() throws Exception {
        LedgerFixtures.clear(jdbc);
        jdbc.sql("TRUNCATE reconcile_result, reconcile_day, reconcile_run, statement_line, statement_file,"
                + " reconcile_line, reconcile_month_action, provider_invoice RESTART IDENTITY CASCADE").update();
        // sessions on the previous month's last day, the 1st, the 15th and the month's last day
        List<LocalDate> days = List.of(JUNE.atDay(1).minusDays(1), JUNE.atDay(1), JUNE.atDay(15), JUNE.atEndOfMonth());
        int[] sessions = {2, 3, 3, 4};
        SANDBOX.resourcePackage(new BillingLedger.ResourcePackage(Provider.ALIYUN_CLOUDAUTH.code(),
                SandboxHarvestSupport.ID, "default", 5, JUNE.atDay(1), JUNE.atEndOfMonth()));
        for (int d = 0; d < days.size(); d++) {
            LocalDate day = days.get(d);
            at(day, LocalTime.of(8, 0));
            for (int i = 0; i < sessions[d]; i++) {
                Instant created = beijing(day, LocalTime.of(9, 0)).plus(Duration.ofMinutes(10L * i));
                SandboxHarvestSupport.session(SANDBOX, jdbc, Provider.ALIYUN_CLOUDAUTH, "FaceVerify", "1000001",
                        "ali-month-" + day + "-" + i, null, created, Outcome.PASS, created.plus(Duration.ofMinutes(2)));
            }
            at(day.plusDays(1), LocalTime.of(7, 0));
            assertThat(nightly.run(day, true).succeeded()).isTrue();
        }
        at(JUNE.plusMonths(1).atDay(3), LocalTime.of(11, 0));
        reconciler.reconcileMonth(JUNE);
    }

    @AfterAll
    void clockBackToNow() {
        SANDBOX.clock().set(Instant.now());
        SANDBOX.clearResourcePackages();
    }

    @Test
    @Order(1)
    void theBillMatchesTheLedgerAfterTheMonthEndDayAndThePackageToTheFen() {
        at(JUNE.plusMonths(1).atDay(3), LocalTime.of(12, 30));
        InvoiceStore.Stored stored = invoices.store(invoiceSource.fetch(JUNE), invoiceSource.booksLastDayInNextMonth(),
                invoiceSource.finalAt(JUNE));
        assertThat(invoices.store(invoiceSource.fetch(JUNE), true, invoiceSource.finalAt(JUNE)).isNew())
                .as("the same bill again is the same version").isFalse();

        assertThat(invoiceReconciliation.statements(JUNE)).singleElement().satisfies(s -> {
            assertThat(s.provider()).isEqualTo("aliyun-cloudauth");
            assertThat(s.invoiceVersion()).isEqualTo(stored.version());
            assertThat(s.source()).isEqualTo("api:DescribeInstanceBill");
            assertThat(s.ledger()).as("10 calls in June at 1.00").isEqualByComparingTo("10.00");
            assertThat(s.monthEndShift()).as("+ May 31 (2 calls), - June 30 (4 calls)").isEqualByComparingTo("-2.00");
            assertThat(s.resourcePackages()).as("the package covers 5 of the 6 calls of June 1 and 15")
                    .isEqualByComparingTo("-5.00");
            assertThat(s.tierBoundaries()).as("Cloudauth's tariff is flat").isEqualByComparingTo("0.00");
            assertThat(s.precision()).isEqualByComparingTo("0.00");
            assertThat(s.invoice()).as("May 31 and June 1 and 15, less 5 calls from the package")
                    .isEqualByComparingTo("3.00");
            assertThat(s.invoiceCalls()).isEqualTo(8);
            assertThat(s.unexplained()).isEqualByComparingTo("0.00");
            assertThat(s.due()).isTrue();
        });
        assertThat(jdbc.sql("SELECT count(*) FROM provider_invoice_line l JOIN provider_invoice i ON i.id = l.invoice_id"
                + " WHERE i.provider = 'aliyun-cloudauth' AND l.usage_date = :d").param("d", JUNE.atEndOfMonth())
                .query(Long.class).single()).as("June 30 is in July's bill").isZero();
    }

    @Test
    @Order(2)
    void theBillIsNotYetDueUntilNoonOnTheThirdInShanghai() {
        at(JUNE.plusMonths(1).atDay(3), LocalTime.of(11, 59, 59));
        assertThat(invoiceSource.isDue(JUNE, clock)).isFalse();
        assertThat(invoiceReconciliation.statements(JUNE)).singleElement().satisfies(s -> {
            assertThat(s.due()).as("11:59:59 on the 3rd").isFalse();
            assertThat(s.finalAt()).isEqualTo(Instant.parse("2027-07-03T04:00:00Z"));
        });

        at(JUNE.plusMonths(1).atDay(3), LocalTime.NOON);
        assertThat(invoiceSource.isDue(JUNE, clock)).isTrue();
        assertThat(invoiceReconciliation.statements(JUNE)).singleElement()
                .satisfies(s -> assertThat(s.due()).as("12:00:00 on the 3rd").isTrue());
    }

    private static void at(LocalDate day, LocalTime time) {
        SANDBOX.clock().set(beijing(day, time));
    }

    private static Instant beijing(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(BusinessDay.ZONE).toInstant();
    }
}
