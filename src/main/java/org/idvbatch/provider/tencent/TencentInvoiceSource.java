package org.idvbatch.provider.tencent;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import org.idvbatch.RejectedInputException;
import org.idvbatch.provider.MonthlyInvoice;
import org.idvbatch.provider.MonthlyInvoiceSource;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tencent's monthly bill of FaceID through the billing centre's DescribeBillDetail (service {@code billing},
 * 2018-07-09; providers.md §7.1), by deduction day ({@code PeriodType=byPayTime}, the view that is confirmed and
 * invoiced), paged by Offset/Limit 100. Each DetailSet item's components become lines: calls (UsedAmount), the cost
 * at Tencent's 8 decimals (RealCost) and what was deducted at 2 (cash + voucher + incentive + transfer).
 * ASSUMPTION (documents silent on FaceID's codes): BusinessCode {@code p_faceid}; FeeBeginTime names the usage day.
 */
public class TencentInvoiceSource implements MonthlyInvoiceSource {

    static final String SERVICE = "billing";
    static final String VERSION = "2018-07-09";
    static final String ACTION = "DescribeBillDetail";
    static final String BUSINESS_CODE = "p_faceid";
    static final int LIMIT = 100;
    private static final int MAX_PAGES = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> DEDUCTED = List.of("CashPayAmount", "VoucherPayAmount", "IncentivePayAmount",
            "TransferPayAmount");

    private final CommonClient client;
    private final JsonMapper json;
    private final String account;

    public TencentInvoiceSource(ProviderProperties.AccountSettings settings, String account, JsonMapper json) {
        this.client = TencentCommonClients.create(settings, new ConnectionPool(1, 5, TimeUnit.MINUTES), SERVICE,
                VERSION);
        this.json = json;
        this.account = account;
    }

    @Override
    public Provider provider() {
        return Provider.TENCENT_FACEID;
    }

    @Override
    public String account() {
        return account;
    }

    /** The bill overview is produced T+1; the month's bill is confirmed early in the next month (§7.1). */
    @Override
    public Duration finalAfterMonthEnd() {
        return Duration.ofDays(2);
    }

    @Override
    public boolean booksLastDayInNextMonth() {
        return true;
    }

    @Override
    public MonthlyInvoice fetch(YearMonth month) {
        List<MonthlyInvoice.Line> lines = new ArrayList<>();
        Map<String, String> bills = new HashMap<>(); // BillId -> where first listed
        long offset = 0;
        for (int page = 1; page <= MAX_PAGES; page++) {
            String where = ACTION + " " + month + " page " + page;
            JsonNode response = call(month, offset, where);
            JsonNode details = response.path("DetailSet");
            if (!details.isArray()) {
                throw new RejectedInputException(where + ".DetailSet: missing");
            }
            if (!response.path("Total").canConvertToLong()) {
                throw new RejectedInputException(where + ".Total: not a number");
            }
            long total = response.path("Total").asLong();
            for (int i = 0; i < details.size(); i++) {
                String at = where + ", DetailSet[" + i + "]";
                lines.addAll(item(details.get(i), at, month, bills));
            }
            offset += details.size();
            if (offset >= total) {
                return invoice(month, lines);
            }
            if (details.isEmpty()) {
                throw new RejectedInputException(where + ".DetailSet: empty at Offset " + offset + " of Total " + total);
            }
        }
        throw new RejectedInputException(ACTION + " " + month + ": more than " + MAX_PAGES + " pages");
    }

    private JsonNode call(YearMonth month, long offset, String where) {
        String request = json.writeValueAsString(Map.of("Offset", offset, "Limit", LIMIT, "PeriodType", "byPayTime",
                "Month", month.toString(), "BusinessCode", BUSINESS_CODE));
        try {
            JsonNode body = json.readTree(client.call(ACTION, request)).path("Response");
            if (body.has("Error")) {
                throw new RejectedInputException(where + ": " + body.path("Error").path("Code").asString("") + " "
                        + body.path("Error").path("Message").asString(""));
            }
            return body;
        } catch (TencentCloudSDKException e) {
            if (e.getErrorCode() != null && !e.getErrorCode().isBlank()) { // Tencent's own refusal: the answer
                throw new RejectedInputException(where + ": " + e.getErrorCode() + " " + e.getMessage());
            }
            throw new IllegalStateException(where + " failed: " + e.getMessage(), e);
        } catch (tools.jackson.core.JacksonException e) {
            throw new RejectedInputException(where + ": the answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private static List<MonthlyInvoice.Line> item(JsonNode d, String at, YearMonth month, Map<String, String> bills) {
        String billId = d.path("BillId").asString("");
        if (billId.isBlank()) {
            throw new RejectedInputException(at + ".BillId: missing");
        }
        String earlier = bills.putIfAbsent(billId, at);
        if (earlier != null) {
            throw new RejectedInputException(at + ".BillId: '" + billId + "' listed again (first at " + earlier + ")");
        }
        String business = d.path("BusinessCode").asString("");
        if (!BUSINESS_CODE.equals(business)) {
            throw new RejectedInputException(at + ".BusinessCode: '" + business + "' is not FaceID (" + BUSINESS_CODE
                    + ")");
        }
        LocalDate usage = time(d, "FeeBeginTime", at).toLocalDate();
        LocalDate paid = time(d, "PayTime", at).toLocalDate();
        if (!YearMonth.from(paid).equals(month)) {
            throw new RejectedInputException(at + ".PayTime: " + paid + " is not in " + month
                    + " (the bill is by deduction day)");
        }
        JsonNode components = d.path("ComponentSet");
        if (!components.isArray() || components.isEmpty()) {
            throw new RejectedInputException(at + ".ComponentSet: missing or empty");
        }
        List<MonthlyInvoice.Line> lines = new ArrayList<>();
        for (int j = 0; j < components.size(); j++) {
            JsonNode c = components.get(j);
            String cat = at + ".ComponentSet[" + j + "]";
            String item = c.path("ItemCodeName").asString("");
            if (item.isBlank()) {
                throw new RejectedInputException(cat + ".ItemCodeName: missing");
            }
            BigDecimal used = amount(c, "UsedAmount", cat, 0);
            if (used.signum() < 0 || used.stripTrailingZeros().scale() > 0) {
                throw new RejectedInputException(cat + ".UsedAmount: '" + used.toPlainString()
                        + "' is not a whole number of calls");
            }
            BigDecimal cost = amount(c, "RealCost", cat, 8);
            BigDecimal payable = BigDecimal.ZERO.setScale(2);
            for (String field : DEDUCTED) {
                if (c.has(field)) {
                    payable = payable.add(amount(c, field, cat, 2));
                }
            }
            lines.add(new MonthlyInvoice.Line(billId + "/" + j, usage, paid, item, used.longValueExact(),
                    c.has("SinglePrice") ? amount(c, "SinglePrice", cat, 8) : null, cost, payable));
        }
        return lines;
    }

    private static LocalDateTime time(JsonNode d, String field, String at) {
        String text = d.path(field).asString("");
        try {
            return LocalDateTime.parse(text, TIME);
        } catch (DateTimeParseException e) {
            throw new RejectedInputException(at + "." + field + ": '" + text + "' is not yyyy-MM-dd HH:mm:ss");
        }
    }

    /** A decimal given as a string or a number, with at most {@code scale} decimals (0: any). */
    private static BigDecimal amount(JsonNode c, String field, String at, int scale) {
        JsonNode v = c.get(field);
        String text = v == null || v.isNull() ? "" : v.isString() ? v.asString() : v.toString();
        BigDecimal value;
        try {
            value = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new RejectedInputException(at + "." + field + ": '" + text + "' is not a number");
        }
        if (scale > 0 && value.stripTrailingZeros().scale() > scale) {
            throw new RejectedInputException(at + "." + field + ": " + text + " has more than " + scale
                    + " decimals");
        }
        return scale > 0 ? value.setScale(scale) : value;
    }

    private MonthlyInvoice invoice(YearMonth month, List<MonthlyInvoice.Line> lines) {
        StringBuilder canonical = new StringBuilder(ACTION + "|" + account + "|" + month);
        lines.stream().map(l -> l.billId() + "/" + l.usageDate() + "/" + l.payDate() + "/" + l.item() + "/"
                + l.calls() + "/" + l.cost().toPlainString() + "/" + l.payable().toPlainString()).sorted()
                .forEach(l -> canonical.append('|').append(l));
        return new MonthlyInvoice(provider(), account, month, "api:" + ACTION,
                TencentBillStatementSource.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)), lines);
    }
}
