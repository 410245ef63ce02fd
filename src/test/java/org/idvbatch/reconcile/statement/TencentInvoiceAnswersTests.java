package org.idvbatch.reconcile.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.YearMonth;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.MonthlyInvoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tencent's monthly bill (DescribeBillDetail) over real HTTP from a stub: a good answer becomes the month's lines with
 * Tencent's 8-decimal cost and the 2-decimal deduction, paged by Offset; every bad answer is refused whole, naming the
 * page, the item and the field.
 */
class TencentInvoiceAnswersTests {

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    static final String ITEM = """
            {"BillId": "b1", "BusinessCode": "p_faceid", "PayTime": "2026-11-02 00:30:00",
             "FeeBeginTime": "2026-11-01 00:00:00", "FeeEndTime": "2026-11-01 23:59:59",
             "ComponentSet": [{"ItemCodeName": "人脸核身-核身", "SinglePrice": "1.50000000", "UsedAmount": "7",
                               "RealCost": "10.50000003", "CashPayAmount": "10.00", "VoucherPayAmount": "0.50"}]}""";
    static final String GOOD = "{\"Response\": {\"Total\": 1, \"DetailSet\": [" + ITEM + "], \"RequestId\": \"r\"}}";

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aGoodBillBecomesLinesWithTheProvidersPrecisionAndTheDeduction() {
        try (StubBillServer server = StubBillServer.answering(body -> GOOD)) {
            MonthlyInvoice invoice = server.invoiceSource(json).fetch(NOVEMBER);

            assertThat(invoice.lines()).singleElement().satisfies(l -> {
                assertThat(l.usageDate()).hasToString("2026-11-01");
                assertThat(l.payDate()).hasToString("2026-11-02");
                assertThat(l.calls()).isEqualTo(7);
                assertThat(l.cost()).isEqualByComparingTo("10.50000003");
                assertThat(l.payable()).isEqualByComparingTo("10.50");
            });
            assertThat(invoice.payable().subtract(invoice.cost().setScale(2, java.math.RoundingMode.HALF_UP)))
                    .as("the precision difference").isEqualByComparingTo(BigDecimal.ZERO);
            assertThat(server.requests).singleElement().asString().startsWith("DescribeBillDetail TC3-HMAC-SHA256")
                    .contains("\"PeriodType\":\"byPayTime\"", "\"Month\":\"2026-11\"", "\"Limit\":100");
            assertThat(server.invoiceSource(json).fetch(NOVEMBER).sha256()).as("same content, same version")
                    .isEqualTo(invoice.sha256());
        }
    }

    @Test
    void pagesAreReadByOffsetUntilTheTotal() {
        String second = ITEM.replace("\"b1\"", "\"b2\"");
        try (StubBillServer server = StubBillServer.answering(body -> body.contains("\"Offset\":0")
                ? "{\"Response\": {\"Total\": 2, \"DetailSet\": [" + ITEM + "]}}"
                : "{\"Response\": {\"Total\": 2, \"DetailSet\": [" + second + "]}}")) {
            assertThat(server.invoiceSource(json).fetch(NOVEMBER).lines()).hasSize(2);
            assertThat(server.requests).hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            BillId missing          | "BillId": "b1",                 | "BillId": "",                   | DetailSet[0].BillId: missing
            not FaceID              | "p_faceid", "PayTime"           | "p_cvm", "PayTime"              | DetailSet[0].BusinessCode: 'p_cvm' is not FaceID
            FeeBeginTime bad        | "2026-11-01 00:00:00"           | "yesterday"                     | DetailSet[0].FeeBeginTime: 'yesterday' is not yyyy-MM-dd HH:mm:ss
            PayTime bad             | "2026-11-02 00:30:00"           | "2026/11/02"                    | DetailSet[0].PayTime: '2026/11/02' is not yyyy-MM-dd HH:mm:ss
            PayTime another month   | "2026-11-02 00:30:00"           | "2026-12-01 00:30:00"           | DetailSet[0].PayTime: 2026-12-01 is not in 2026-11
            ComponentSet empty      | "ComponentSet": [{              | "ComponentSet": [], "x": [{     | DetailSet[0].ComponentSet: missing or empty
            ItemCodeName missing    | "ItemCodeName": "人脸核身-核身",  | "ItemCodeName": "",             | DetailSet[0].ComponentSet[0].ItemCodeName: missing
            UsedAmount fraction     | "UsedAmount": "7"               | "UsedAmount": "7.5"             | DetailSet[0].ComponentSet[0].UsedAmount: '7.5' is not a whole number of calls
            UsedAmount negative     | "UsedAmount": "7"               | "UsedAmount": "-1"              | DetailSet[0].ComponentSet[0].UsedAmount: '-1' is not a whole number of calls
            UsedAmount text         | "UsedAmount": "7"               | "UsedAmount": "seven"           | DetailSet[0].ComponentSet[0].UsedAmount: 'seven' is not a number
            RealCost text           | "RealCost": "10.50000003"       | "RealCost": "ten"               | DetailSet[0].ComponentSet[0].RealCost: 'ten' is not a number
            RealCost 9 decimals     | "RealCost": "10.50000003"       | "RealCost": "10.500000031"      | DetailSet[0].ComponentSet[0].RealCost: 10.500000031 has more than 8 decimals
            RealCost missing        | "RealCost": "10.50000003",      | "Cost": "10.50000003",          | DetailSet[0].ComponentSet[0].RealCost: '' is not a number
            deduction 3 decimals    | "CashPayAmount": "10.00"        | "CashPayAmount": "10.001"       | DetailSet[0].ComponentSet[0].CashPayAmount: 10.001 has more than 2 decimals
            """)
    void aBadBillItemIsRefusedNamingTheField(String what, String from, String to, String message) {
        String bad = GOOD.replace(from.strip(), to.strip());
        assertThat(bad).as("the case changes the answer").isNotEqualTo(GOOD);
        try (StubBillServer server = StubBillServer.answering(body -> bad)) {
            assertThatThrownBy(() -> server.invoiceSource(json).fetch(NOVEMBER))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageStartingWith("DescribeBillDetail 2026-11 page 1, " + message.strip());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a page repeated   | {"Response": {"Total": 2, "DetailSet": [ITEM]}}                       | DescribeBillDetail 2026-11 page 2, DetailSet[0].BillId: 'b1' listed again (first at DescribeBillDetail 2026-11 page 1, DetailSet[0])
            DetailSet missing | {"Response": {"Total": 1}}                                            | DescribeBillDetail 2026-11 page 1.DetailSet: missing
            Total not number  | {"Response": {"Total": "many", "DetailSet": []}}                      | DescribeBillDetail 2026-11 page 1.Total: not a number
            short of Total    | {"Response": {"Total": 5, "DetailSet": []}}                           | DescribeBillDetail 2026-11 page 1.DetailSet: empty at Offset 0 of Total 5
            an error answer   | {"Response": {"Error": {"Code": "AuthFailure.UnauthorizedOperation", "Message": "no billing permission"}}} | DescribeBillDetail 2026-11 page 1: AuthFailure.UnauthorizedOperation no billing permission
            """)
    void aBadBillAnswerIsRefusedNamingThePage(String what, String answer, String message) {
        String body = answer.strip().replace("ITEM", ITEM);
        try (StubBillServer server = StubBillServer.answering(b -> body)) {
            assertThatThrownBy(() -> server.invoiceSource(json).fetch(NOVEMBER))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageStartingWith(message.strip());
        }
    }

    @Test
    void anAnswerThatIsNotJsonFailsTheReadingNamingThePage() {
        try (StubBillServer server = StubBillServer.answering(b -> "<html>bad gateway</html>")) {
            assertThatThrownBy(() -> server.invoiceSource(json).fetch(NOVEMBER))
                    .hasMessageStartingWith("DescribeBillDetail 2026-11 page 1 failed");
        }
    }
}
