package org.idvbatch.sandbox.aliyun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.tea.TeaException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.ProviderSandbox;
import org.idvbatch.sandbox.SandboxClock;
import org.idvbatch.sandbox.SandboxOptions;
import org.idvbatch.sandbox.SandboxTestAccounts;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.billing.BillingLedger;
import org.idvbatch.sandbox.billing.DriftSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sandbox's BSS DescribeInstanceBill through Alibaba's generic tea-openapi client over the signed POP RPC: the
 * daily items of the cycle's days from the billing the console reports (drift applies), resource packages deducted,
 * NextToken paging, a day listed 24 h after it ends, and InvalidParameter / MissingParameter refusals.
 */
class InstanceBillActionTests {

    private static final String BSS = "2017-12-14";
    private static final LocalDate JUNE_1 = LocalDate.of(2027, 6, 1);
    private final String id = SandboxTestAccounts.id("LTAI");
    private final String secret = SandboxTestAccounts.secret();
    private ProviderSandbox sandbox;
    private GenericAliyunClient c;

    @BeforeEach
    void start() throws Exception {
        sandbox = ProviderSandbox.start(SandboxOptions.defaults(Map.of(id, secret)));
        c = new GenericAliyunClient(sandbox.endpoint(), id, secret, false);
        sandbox.clock().set(at(LocalDate.of(2027, 6, 10), LocalTime.NOON)); // the planned outcomes apply at once
        sessions(JUNE_1, "FaceVerify", 3);
        sessions(JUNE_1, "VerifyMaterial", 1);
        sessions(JUNE_1.plusDays(1), "FaceVerify", 2);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aDayOfTheCycleIsOneItemPerProductAtTheListPrice() throws Exception {
        Map<String, Object> answer = c.call(BSS, "DescribeInstanceBill", daily("2027-06-01"));
        assertThat(answer).containsEntry("Code", "Success").containsEntry("Success", true).containsKey("RequestId");
        Map<String, Object> data = map(answer.get("Data"));
        assertThat(data).containsEntry("BillingCycle", "2027-06").containsEntry("NextToken", "");
        assertThat(((Number) data.get("TotalCount")).intValue()).isEqualTo(2);
        List<Map<String, Object>> items = list(data.get("Items"));
        assertThat(items).extracting(i -> i.get("BillingItemCode")).containsExactly("FaceVerify", "VerifyMaterial");
        assertThat(items.get(0)).containsEntry("BillingDate", "2027-06-01").containsEntry("ProductCode", "cloudauth")
                .containsEntry("Usage", "3").containsEntry("Currency", "CNY")
                .containsEntry("DeductedByResourcePackage", "0.00");
        assertThat(((Number) items.get(0).get("PretaxAmount")).doubleValue()).isEqualTo(3.00);
    }

    @Test
    void aResourcePackageDeductsTheCallsItCoversInDayOrder() throws Exception {
        sandbox.resourcePackage(new BillingLedger.ResourcePackage(Provider.ALIYUN_CLOUDAUTH.code(), id, "default", 5,
                JUNE_1, JUNE_1.plusDays(29)));
        List<Map<String, Object>> first = list(map(c.call(BSS, "DescribeInstanceBill", daily("2027-06-01"))
                .get("Data")).get("Items"));
        assertThat(first).extracting(i -> i.get("DeductedByResourcePackage")).as("3 FaceVerify, 1 VerifyMaterial")
                .containsExactly("3.00", "1.00");
        assertThat(first).extracting(i -> ((Number) i.get("PretaxAmount")).doubleValue()).containsExactly(0.0, 0.0);
        Map<String, Object> second = list(map(c.call(BSS, "DescribeInstanceBill", daily("2027-06-02")).get("Data"))
                .get("Items")).get(0);
        assertThat(second).as("1 call of 5 left for June 2's 2 calls").containsEntry("DeductedByResourcePackage",
                "1.00").containsEntry("Usage", "2");
        assertThat(((Number) second.get("PretaxAmount")).doubleValue()).isEqualTo(1.00);
    }

    @Test
    void pagesFollowNextTokenWithMaxResults() throws Exception {
        Map<String, String> q = daily("2027-06-01");
        q.put("MaxResults", "1");
        Map<String, Object> page1 = map(c.call(BSS, "DescribeInstanceBill", q).get("Data"));
        assertThat(list(page1.get("Items"))).hasSize(1);
        String token = (String) page1.get("NextToken");
        assertThat(token).isNotEmpty();
        q.put("NextToken", token);
        Map<String, Object> page2 = map(c.call(BSS, "DescribeInstanceBill", q).get("Data"));
        assertThat(list(page2.get("Items"))).extracting(i -> i.get("BillingItemCode")).containsExactly("VerifyMaterial");
        assertThat(page2.get("NextToken")).isEqualTo("");
    }

    @Test
    void aDayIsListedOnlyTwentyFourHoursAfterItEnds() throws Exception {
        sandbox.clock().set(at(JUNE_1.plusDays(2), LocalTime.MIDNIGHT).minusSeconds(1));
        assertThat(list(map(c.call(BSS, "DescribeInstanceBill", daily("2027-06-01")).get("Data")).get("Items")))
                .isEmpty();
        sandbox.clock().set(at(JUNE_1.plusDays(2), LocalTime.MIDNIGHT));
        assertThat(list(map(c.call(BSS, "DescribeInstanceBill", daily("2027-06-01")).get("Data")).get("Items")))
                .hasSize(2);
    }

    @Test
    void theDriftModesApplyToTheBill() throws Exception {
        sandbox.drift(new DriftSettings(false, false, "scene-VerifyMaterial"));
        assertThat(list(map(c.call(BSS, "DescribeInstanceBill", daily("2027-06-01")).get("Data")).get("Items")))
                .extracting(i -> i.get("BillingItemCode")).containsExactly("FaceVerify");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            BillingCycle not YYYY-MM   | BillingCycle | 2027-6     | InvalidParameter
            BillingCycle in the future | BillingCycle | 2027-07    | InvalidParameter
            BillingCycle too old       | BillingCycle | 2025-11    | InvalidParameter
            BillingDate not a date     | BillingDate  | 2027-06-xx | InvalidParameter
            BillingDate in July's bill | BillingDate  | 2027-06-30 | InvalidParameter
            BillingDate missing        | BillingDate  |            | MissingParameter
            MaxResults over 300        | MaxResults   | 301        | InvalidParameter
            MaxResults zero            | MaxResults   | 0          | InvalidParameter
            NextToken not ours         | NextToken    | abc        | InvalidParameter
            Granularity unknown        | Granularity  | HOURLY     | InvalidParameter
            """)
    void aBadRequestIsRefusedWithAliyunsCode(String what, String field, String value, String code) {
        Map<String, String> q = daily("2027-06-01");
        if (value == null) {
            q.remove(field);
        } else {
            q.put(field, value);
        }
        assertThatThrownBy(() -> c.call(BSS, "DescribeInstanceBill", q)).isInstanceOf(TeaException.class)
                .satisfies(e -> assertThat(((TeaException) e).getCode()).isEqualTo(code))
                .hasMessageContaining(field);
    }

    @Test
    void aWrongSignatureIsRefusedAsForEveryAlibabaProduct() throws Exception {
        GenericAliyunClient wrong = new GenericAliyunClient(sandbox.endpoint(), id, secret + "x", false);
        assertThatThrownBy(() -> wrong.call(BSS, "DescribeInstanceBill", daily("2027-06-01")))
                .isInstanceOf(TeaException.class)
                .satisfies(e -> assertThat(((TeaException) e).getCode()).isEqualTo("SignatureDoesNotMatch"));
    }

    private void sessions(LocalDate day, String product, int n) {
        for (int i = 0; i < n; i++) {
            Instant created = at(day, LocalTime.of(9, 0)).plus(Duration.ofMinutes(5L * i));
            sandbox.sessions().register(new SessionSpec(Provider.ALIYUN_CLOUDAUTH, id, product, "scene-" + product,
                    "order-" + day + product + i, "ref-" + day + product + i, null, created, "n", "x", null,
                    Outcome.PASS, created.plus(Duration.ofMinutes(2)), null));
        }
    }

    private static Map<String, String> daily(String day) {
        Map<String, String> q = new HashMap<>();
        q.put("BillingCycle", "2027-06");
        q.put("Granularity", "DAILY");
        q.put("BillingDate", day);
        q.put("ProductCode", "cloudauth");
        return q;
    }

    private static Instant at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(SandboxClock.BUSINESS_ZONE).toInstant();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }
}
