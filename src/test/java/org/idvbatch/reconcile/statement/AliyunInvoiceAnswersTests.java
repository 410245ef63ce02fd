package org.idvbatch.reconcile.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.MonthlyInvoice;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.aliyun.AliyunInvoiceSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Alibaba's monthly bill (BSS DescribeInstanceBill) over real HTTP from a stub, through the official generic client:
 * a good answer becomes the lines of the cycle's days (the previous month's last day to the last day but one), one
 * query per BillingDate, paged by NextToken; every bad answer is refused whole, naming the day, the page, the item
 * and the field.
 */
class AliyunInvoiceAnswersTests {

    static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    static final String DAY = "BillingDate=2026-11-01";
    static final String WHERE = "DescribeInstanceBill 2026-11 BillingDate 2026-11-01 page 1";
    static final String ITEM = """
            {"BillingDate": "2026-11-01", "ProductCode": "cloudauth", "InstanceID": "cloudauth-x",
             "BillingItemCode": "FaceVerify", "Usage": "7", "UsageUnit": "次", "ListPrice": "1.00",
             "PretaxGrossAmount": 7.00, "DeductedByResourcePackage": "2.00", "PretaxAmount": 5.004,
             "Currency": "CNY"}""";
    static final String GOOD = page("[" + ITEM + "]", 1, "");
    static final String EMPTY = page("[]", 0, "");

    static String page(String items, int total, String nextToken) {
        return "{\"Code\": \"Success\", \"Message\": \"Successful!\", \"Success\": true, \"RequestId\": \"r\","
                + " \"Data\": {\"BillingCycle\": \"2026-11\", \"TotalCount\": " + total + ", \"NextToken\": \""
                + nextToken + "\", \"MaxResults\": 300, \"Items\": " + items + "}}";
    }

    @Test
    void aGoodBillBecomesTheLinesOfTheCyclesDaysWithTheProvidersPrecision() {
        try (Stub stub = new Stub(q -> q.contains(DAY) ? GOOD : EMPTY)) {
            MonthlyInvoice invoice = stub.source().fetch(NOVEMBER);

            assertThat(invoice.lines()).singleElement().satisfies(l -> {
                assertThat(l.usageDate()).hasToString("2026-11-01");
                assertThat(l.payDate()).as("daily billing settles the next day").hasToString("2026-11-02");
                assertThat(l.calls()).isEqualTo(7);
                assertThat(l.cost()).isEqualByComparingTo("5.004");
                assertThat(l.payable()).isEqualByComparingTo("5.00");
                assertThat(l.unitPrice()).isEqualByComparingTo("1.00");
            });
            assertThat(invoice.source()).isEqualTo("api:DescribeInstanceBill");
            assertThat(stub.queries).as("October 31 .. November 29: the last day is in December's bill").hasSize(30);
            assertThat(stub.queries.get(0)).contains("Action=DescribeInstanceBill", "Version=2017-12-14",
                    "BillingCycle=2026-11", "Granularity=DAILY", "BillingDate=2026-10-31", "ProductCode=cloudauth",
                    "MaxResults=300");
            assertThat(stub.queries.get(29)).contains("BillingDate=2026-11-29");
            assertThat(stub.source().fetch(NOVEMBER).sha256()).as("same content, same version")
                    .isEqualTo(invoice.sha256());
        }
    }

    @Test
    void pagesAreReadByNextTokenUntilItIsEmpty() {
        String second = ITEM.replace("cloudauth-x", "cloudauth-y");
        try (Stub stub = new Stub(q -> !q.contains(DAY) ? EMPTY : q.contains("NextToken=t1")
                ? page("[" + second + "]", 2, "") : page("[" + ITEM + "]", 2, "t1"))) {
            assertThat(stub.source().fetch(NOVEMBER).lines()).hasSize(2);
            assertThat(stub.queries).hasSize(31);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            BillingDate bad             | "BillingDate": "2026-11-01"         | "BillingDate": "2026/11/01"   | Items[0].BillingDate: '2026/11/01' is not yyyy-MM-dd
            BillingDate another day     | "BillingDate": "2026-11-01"         | "BillingDate": "2026-11-02"   | Items[0].BillingDate: 2026-11-02 is not the day asked (2026-11-01)
            ProductCode another product | "ProductCode": "cloudauth"          | "ProductCode": "ecs"          | Items[0].ProductCode: 'ecs' is not cloudauth
            InstanceID missing          | "InstanceID": "cloudauth-x",        | "Instance": "cloudauth-x",    | Items[0].InstanceID: missing
            Currency USD                | "Currency": "CNY"                   | "Currency": "USD"             | Items[0].Currency: 'USD' is not CNY
            Currency missing            | "Currency": "CNY"                   | "Curr": "CNY"                 | Items[0].Currency: '' is not CNY
            Usage fraction              | "Usage": "7"                        | "Usage": "7.5"                | Items[0].Usage: '7.5' is not a whole number of calls
            Usage negative              | "Usage": "7"                        | "Usage": "-1"                 | Items[0].Usage: '-1' is not a whole number of calls
            Usage text                  | "Usage": "7"                        | "Usage": "seven"              | Items[0].Usage: 'seven' is not a number
            PretaxAmount text           | "PretaxAmount": 5.004               | "PretaxAmount": "five"        | Items[0].PretaxAmount: 'five' is not a number
            PretaxAmount 9 decimals     | "PretaxAmount": 5.004               | "PretaxAmount": 5.000000001   | Items[0].PretaxAmount: 5.000000001 has more than 8 decimals
            PretaxAmount missing        | "PretaxAmount": 5.004,              | "Pretax": 5.004,              | Items[0].PretaxAmount: '' is not a number
            PretaxAmount over gross     | "PretaxAmount": 5.004               | "PretaxAmount": 8.00          | Items[0].PretaxAmount: 8.00000000 is more than PretaxGrossAmount 7.00000000
            PretaxGrossAmount missing   | "PretaxGrossAmount": 7.00,          | "Gross": 7.00,                | Items[0].PretaxGrossAmount: '' is not a number
            package negative            | "DeductedByResourcePackage": "2.00" | "DeductedByResourcePackage": "-1.00" | Items[0].DeductedByResourcePackage: -1.00000000 is not between 0 and PretaxGrossAmount 7.00000000
            package over gross          | "DeductedByResourcePackage": "2.00" | "DeductedByResourcePackage": "9.00"  | Items[0].DeductedByResourcePackage: 9.00000000 is not between 0 and PretaxGrossAmount 7.00000000
            package text                | "DeductedByResourcePackage": "2.00" | "DeductedByResourcePackage": "two"   | Items[0].DeductedByResourcePackage: 'two' is not a number
            ListPrice text              | "ListPrice": "1.00"                 | "ListPrice": "one yuan"       | Items[0].ListPrice: 'one yuan' is not a number
            """)
    void aBadBillItemIsRefusedNamingTheField(String what, String from, String to, String message) {
        String bad = GOOD.replace(from.strip(), to.strip());
        assertThat(bad).as("the case changes the answer").isNotEqualTo(GOOD);
        try (Stub stub = new Stub(q -> q.contains(DAY) ? bad : EMPTY)) {
            assertThatThrownBy(() -> stub.source().fetch(NOVEMBER))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageStartingWith(WHERE + ", " + message.strip());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Data missing          | {"Code": "Success", "Success": true, "RequestId": "r"}                                      | .Data: missing
            Items missing         | {"Code": "Success", "Success": true, "Data": {"TotalCount": 0, "NextToken": ""}}           | .Data.Items: missing
            TotalCount not number | {"Code": "Success", "Success": true, "Data": {"TotalCount": "many", "Items": []}}          | .Data.TotalCount: not a number
            TotalCount not listed | {"Code": "Success", "Success": true, "Data": {"TotalCount": 2, "NextToken": "", "Items": []}} | .Data.TotalCount: 2 but 0 items listed
            another BillingCycle  | {"Code": "Success", "Success": true, "Data": {"BillingCycle": "2026-10", "TotalCount": 0, "Items": []}} | .Data.BillingCycle: '2026-10' is not 2026-11
            Success false         | {"Code": "InvalidParameter", "Message": "BillingCycle is invalid", "Success": false}       | : InvalidParameter BillingCycle is invalid
            an answer not JSON    | <html>bad gateway</html>                                                                   | : the answer is not JSON
            a JSON array          | []                                                                                         | : the answer is not a JSON object
            """)
    void aBadBillPageIsRefusedNamingTheDayAndPage(String what, String answer, String message) {
        try (Stub stub = new Stub(q -> q.contains(DAY) ? answer.strip() : EMPTY)) {
            assertThatThrownBy(() -> stub.source().fetch(NOVEMBER))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageStartingWith(WHERE + message.strip());
        }
    }

    @Test
    void aNextTokenGivenAgainIsRefusedRatherThanLoopingForever() {
        try (Stub stub = new Stub(q -> q.contains(DAY) ? page("[]", 5, "t1") : EMPTY)) {
            assertThatThrownBy(() -> stub.source().fetch(NOVEMBER))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessage("DescribeInstanceBill 2026-11 BillingDate 2026-11-01 page 2.Data.NextToken: 't1'"
                            + " given again (the pages would loop)");
        }
    }

    @Test
    void anItemListedAgainOnTheNextPageIsRefusedNamingBothPlaces() {
        try (Stub stub = new Stub(q -> !q.contains(DAY) ? EMPTY : q.contains("NextToken=t1")
                ? page("[" + ITEM + "]", 2, "") : page("[" + ITEM + "]", 2, "t1"))) {
            assertThatThrownBy(() -> stub.source().fetch(NOVEMBER))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessage("DescribeInstanceBill 2026-11 BillingDate 2026-11-01 page 2, Items[0]: item"
                            + " cloudauth/cloudauth-x/2026-11-01/FaceVerify listed again (first at " + WHERE
                            + ", Items[0])");
        }
    }

    @Test
    void alibabasRefusalIsRefusedWithItsCodeAndThrottlingFailsTheReadingToBeRetried() {
        try (Stub stub = new Stub(q -> q.contains(DAY) ? "400 {\"RequestId\": \"r\", \"Code\": \"InvalidParameter\","
                + " \"Message\": \"The specified parameter BillingDate is not valid.\"}" : EMPTY)) {
            assertThatThrownBy(() -> stub.source().fetch(NOVEMBER))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageStartingWith(WHERE + ": InvalidParameter");
        }
        try (Stub stub = new Stub(q -> q.contains(DAY) ? "400 {\"RequestId\": \"r\", \"Code\": \"Throttling.User\","
                + " \"Message\": \"Request was denied due to user flow control.\"}" : EMPTY)) {
            assertThatThrownBy(() -> stub.source().fetch(NOVEMBER))
                    .isInstanceOf(IllegalStateException.class).isNotInstanceOf(RejectedInputException.class)
                    .hasMessageStartingWith(WHERE + " failed");
        }
    }

    /**
     * A local server answering by the request's parameters (the V3 signature carries Action and Version in the
     * x-acs-* headers); an answer "400 {...}" is sent with HTTP 400.
     */
    static final class Stub implements AutoCloseable {

        final List<String> queries = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Stub(UnaryOperator<String> answer) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String raw = exchange.getRequestURI().getRawQuery();
                String q = "Action=" + exchange.getRequestHeaders().getFirst("x-acs-action") + "&Version="
                        + exchange.getRequestHeaders().getFirst("x-acs-version") + "&"
                        + URLDecoder.decode((raw == null ? "" : raw) + "&" + body, StandardCharsets.UTF_8);
                queries.add(q);
                String a = answer.apply(q);
                int status = a.startsWith("400 ") ? 400 : 200;
                byte[] bytes = (status == 400 ? a.substring(4) : a).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
        }

        AliyunInvoiceSource source() {
            var account = org.idvbatch.provider.TestAccounts.account("endpoint",
                    "127.0.0.1:" + server.getAddress().getPort(), "protocol", "http", "region", "cn-hangzhou",
                    "access-key-id", "test-id", "access-key-secret", "test-key-generated-at-test-time");
            return new AliyunInvoiceSource(account, "default", "cloudauth");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
