package org.idvbatch.provider.aliyun;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.MonthlyInvoice;
import org.idvbatch.provider.MonthlyInvoiceSource;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderProperties;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alibaba Cloud's monthly bill of Cloudauth through the BSS OpenAPI (product BssOpenApi, Version 2017-12-14, RPC,
 * endpoint business.aliyuncs.com; providers.md §7.1): {@code DescribeInstanceBill} with {@code BillingCycle} YYYY-MM,
 * {@code Granularity=DAILY} and one {@code BillingDate} per day of the bill, {@code ProductCode} (cloudauth), paged by
 * {@code NextToken}/{@code MaxResults} (at most 300). Called through tea-openapi's generic {@code callApi}, the body
 * read as text so that amounts stay exact decimals.
 *
 * <p>Alibaba's daily billing books a day's usage the next day, so the bill of a month holds the previous month's
 * last day and not its own (providers.md §2.7: the "January" bill is Dec 31 .. Jan 30): the days asked are the day
 * before the 1st to the last day but one. The final bill can be exported after 12:00 on the 3rd of the next month
 * (Asia/Shanghai); before that the data is for reference only.
 *
 * <p>Fields read from {@code Data.Items[]} (names from the published SDK model DescribeInstanceBillResponseBody):
 * BillingDate (yyyy-MM-dd, the usage day), ProductCode, InstanceID, BillingItemCode/BillingItem (optional),
 * Usage (calls, a whole number in a string), UsageUnit (ignored), ListPrice (optional), PretaxGrossAmount (list
 * amount), DeductedByResourcePackage (optional), PretaxAmount (what is payable before tax), Currency (CNY);
 * {@code Data.TotalCount}, {@code Data.NextToken}; Code/Message/Success/RequestId.
 * ASSUMPTIONS (documents silent): BillingDate is the usage day and the item is settled the day after (payDate);
 * DeductedByResourcePackage is an amount in CNY; the payable is PretaxAmount rounded half-up to the fen, its
 * own precision (up to 8 decimals) kept as the cost; an empty NextToken ends the pages; TotalCount counts the
 * items of the BillingDate asked; Cloudauth's ProductCode is {@code cloudauth} (configurable).
 */
public class AliyunInvoiceSource implements MonthlyInvoiceSource {

    static final String VERSION = "2017-12-14";
    static final String ACTION = "DescribeInstanceBill";
    static final int MAX_RESULTS = 300;
    private static final int MAX_PAGES = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final AliyunRpcCaller caller;
    private final String account;
    private final String productCode;

    public AliyunInvoiceSource(ProviderProperties.AccountSettings settings, String account, String productCode) {
        this.caller = new AliyunRpcCaller(settings, VERSION);
        this.account = account;
        this.productCode = productCode;
    }

    @Override
    public Provider provider() {
        return Provider.ALIYUN_CLOUDAUTH;
    }

    @Override
    public String account() {
        return account;
    }

    /** 12:00 on the 3rd of the next month: two days and twelve hours after the month ends (providers.md §7.1). */
    @Override
    public Duration finalAfterMonthEnd() {
        return Duration.ofDays(2).plusHours(12);
    }

    @Override
    public boolean booksLastDayInNextMonth() {
        return true;
    }

    @Override
    public MonthlyInvoice fetch(YearMonth month) {
        List<MonthlyInvoice.Line> lines = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (LocalDate day = month.atDay(1).minusDays(1); day.isBefore(month.atEndOfMonth()); day = day.plusDays(1)) {
            lines.addAll(day(month, day, seen));
        }
        return invoice(month, lines);
    }

    private List<MonthlyInvoice.Line> day(YearMonth month, LocalDate day, Map<String, String> seen) {
        List<MonthlyInvoice.Line> lines = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        String token = null;
        long listed = 0;
        for (int page = 1; page <= MAX_PAGES; page++) {
            String where = ACTION + " " + month + " BillingDate " + day + " page " + page;
            JsonNode data = call(month, day, token, where);
            JsonNode items = data.path("Items");
            if (!items.isArray()) {
                throw new RejectedInputException(where + ".Data.Items: missing");
            }
            JsonNode total = data.path("TotalCount");
            if (!total.isIntegralNumber() && !(total.isString() && total.asString().matches("\\d{1,12}"))) {
                throw new RejectedInputException(where + ".Data.TotalCount: not a number");
            }
            String cycle = data.path("BillingCycle").asString("");
            if (!cycle.isEmpty() && !cycle.equals(month.toString())) {
                throw new RejectedInputException(where + ".Data.BillingCycle: '" + cycle + "' is not " + month);
            }
            for (int i = 0; i < items.size(); i++) {
                lines.add(item(items.get(i), where + ", Items[" + i + "]", day, seen));
            }
            listed += items.size();
            token = data.path("NextToken").asString("");
            if (token.isEmpty()) {
                long count = total.asLong();
                if (count != listed) {
                    throw new RejectedInputException(where + ".Data.TotalCount: " + count + " but " + listed
                            + " items listed");
                }
                return lines;
            }
            if (!tokens.add(token)) {
                throw new RejectedInputException(where + ".Data.NextToken: '" + token + "' given again (the pages"
                        + " would loop)");
            }
        }
        throw new RejectedInputException(ACTION + " " + month + " BillingDate " + day + ": more than " + MAX_PAGES
                + " pages");
    }

    private JsonNode call(YearMonth month, LocalDate day, String token, String where) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("BillingCycle", month.toString());
        query.put("Granularity", "DAILY");
        query.put("BillingDate", day.toString());
        query.put("ProductCode", productCode);
        query.put("MaxResults", Integer.toString(MAX_RESULTS));
        if (token != null && !token.isEmpty()) {
            query.put("NextToken", token);
        }
        String text;
        try {
            text = caller.callText(ACTION, query);
        } catch (ProviderCallException e) {
            if (e.isRetryable()) {
                throw new IllegalStateException(where + " failed: " + e.getMessage(), e);
            }
            throw new RejectedInputException(where + ": " + e.code() + " " + e.getMessage()); // Alibaba's refusal
        }
        JsonNode body;
        try {
            body = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new RejectedInputException(where + ": the answer is not JSON: " + e.getOriginalMessage());
        }
        if (!body.isObject()) {
            throw new RejectedInputException(where + ": the answer is not a JSON object");
        }
        JsonNode success = body.path("Success");
        String code = body.path("Code").asString("");
        if ((success.isBoolean() && !success.asBoolean()) || (!code.isEmpty() && !code.equals("Success"))) {
            throw new RejectedInputException(where + ": " + code + " " + body.path("Message").asString(""));
        }
        JsonNode data = body.path("Data");
        if (!data.isObject()) {
            throw new RejectedInputException(where + ".Data: missing");
        }
        return data;
    }

    private MonthlyInvoice.Line item(JsonNode d, String at, LocalDate day, Map<String, String> seen) {
        String date = d.path("BillingDate").asString("");
        LocalDate usage;
        try {
            usage = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new RejectedInputException(at + ".BillingDate: '" + date + "' is not yyyy-MM-dd");
        }
        if (!usage.equals(day)) {
            throw new RejectedInputException(at + ".BillingDate: " + usage + " is not the day asked (" + day + ")");
        }
        String product = d.path("ProductCode").asString("");
        if (!productCode.equals(product)) {
            throw new RejectedInputException(at + ".ProductCode: '" + product + "' is not " + productCode);
        }
        String instance = d.path("InstanceID").asString("");
        if (instance.isBlank()) {
            throw new RejectedInputException(at + ".InstanceID: missing");
        }
        String currency = d.path("Currency").asString("");
        if (!currency.equals("CNY")) {
            throw new RejectedInputException(at + ".Currency: '" + currency + "' is not CNY");
        }
        String billingItem = d.path("BillingItemCode").asString(d.path("BillingItem").asString(""));
        String billId = product + "/" + instance + "/" + usage + (billingItem.isEmpty() ? "" : "/" + billingItem);
        String earlier = seen.putIfAbsent(billId, at);
        if (earlier != null) {
            throw new RejectedInputException(at + ": item " + billId + " listed again (first at " + earlier + ")");
        }
        BigDecimal used = amount(d, "Usage", at, 0);
        if (used.signum() < 0 || used.stripTrailingZeros().scale() > 0) {
            throw new RejectedInputException(at + ".Usage: '" + used.toPlainString()
                    + "' is not a whole number of calls");
        }
        BigDecimal gross = amount(d, "PretaxGrossAmount", at, 8);
        BigDecimal pretax = amount(d, "PretaxAmount", at, 8);
        if (pretax.compareTo(gross) > 0) {
            throw new RejectedInputException(at + ".PretaxAmount: " + pretax.toPlainString()
                    + " is more than PretaxGrossAmount " + gross.toPlainString());
        }
        if (d.has("DeductedByResourcePackage") && !d.get("DeductedByResourcePackage").asString("x").isEmpty()) {
            BigDecimal packages = amount(d, "DeductedByResourcePackage", at, 8);
            if (packages.signum() < 0 || packages.compareTo(gross) > 0) {
                throw new RejectedInputException(at + ".DeductedByResourcePackage: " + packages.toPlainString()
                        + " is not between 0 and PretaxGrossAmount " + gross.toPlainString());
            }
        }
        BigDecimal unitPrice = d.hasNonNull("ListPrice") && !d.get("ListPrice").asString("x").isEmpty()
                ? amount(d, "ListPrice", at, 8) : null;
        return new MonthlyInvoice.Line(billId, usage, usage.plusDays(1), product + (billingItem.isEmpty() ? ""
                : "-" + billingItem), used.longValueExact(), unitPrice, pretax,
                pretax.setScale(2, RoundingMode.HALF_UP));
    }

    /** A decimal given as a string or a number, with at most {@code scale} decimals (0: any). */
    private static BigDecimal amount(JsonNode d, String field, String at, int scale) {
        JsonNode v = d.get(field);
        BigDecimal value;
        String text = v == null || v.isNull() ? "" : v.isString() ? v.asString().strip() : v.toString();
        try {
            value = v != null && v.isNumber() ? v.decimalValue() : new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new RejectedInputException(at + "." + field + ": '" + text + "' is not a number");
        }
        if (scale > 0 && value.stripTrailingZeros().scale() > scale) {
            throw new RejectedInputException(at + "." + field + ": " + value.toPlainString() + " has more than "
                    + scale + " decimals");
        }
        return scale > 0 ? value.setScale(scale) : value;
    }

    private MonthlyInvoice invoice(YearMonth month, List<MonthlyInvoice.Line> lines) {
        StringBuilder canonical = new StringBuilder(ACTION + "|" + account + "|" + month);
        lines.stream().map(l -> l.billId() + "/" + l.usageDate() + "/" + l.item() + "/" + l.calls() + "/"
                + l.cost().toPlainString() + "/" + l.payable().toPlainString()).sorted()
                .forEach(l -> canonical.append('|').append(l));
        return new MonthlyInvoice(provider(), account, month, "api:" + ACTION,
                sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)), lines);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
