package org.idvbatch.sandbox.aliyun.bss;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.SandboxClock;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.aliyun.AliyunAction;
import org.idvbatch.sandbox.aliyun.AliyunCall;
import org.idvbatch.sandbox.aliyun.PopError;
import org.idvbatch.sandbox.billing.BillingLine;
import org.idvbatch.sandbox.billing.PriceList;

/**
 * BSS OpenAPI DescribeInstanceBill (2017-12-14; providers.md §7.1) for Cloudauth, from the sandbox's billing as its
 * console reports it (drift modes apply): with {@code Granularity=DAILY} one item per usage day and product of the
 * calling account, priced at the sandbox list price, the calls prepaid resource packages cover deducted
 * ({@code DeductedByResourcePackage}) instead of charged. Daily billing settles a day the next, so the bill of
 * BillingCycle M holds the previous month's last day to M's last but one; a day is listed 24 h after it ends (usage
 * lags ~24 h). Without Granularity (MONTHLY) one item per product for the cycle. Paged by NextToken, MaxResults
 * 1..300 (default 20). Answer {@code {Code, Message, Success, RequestId, Data{BillingCycle, AccountID, TotalCount,
 * NextToken, MaxResults, Items[]}}}. The sandbox's packages are per charge type (no product): a day's covered calls go
 * to the products in name order.
 * ASSUMPTIONS (documents silent): refusals are HTTP 400 InvalidParameter naming the field (a malformed, future or
 * more than 18 months old BillingCycle; a BillingDate outside the cycle's days; MaxResults out of range; a
 * NextToken this API did not give), MissingParameter for BillingCycle, or BillingDate with DAILY; the field subset
 * below; ProductCode {@code cloudauth}; InstanceID {@code cloudauth-<account>}, BillingItemCode the product.
 */
final class InstanceBillAction implements AliyunAction {

    static final String PRODUCT_CODE = "cloudauth";
    static final int MAX_RESULTS = 300;
    private final SandboxState state;

    InstanceBillAction(SandboxState state) {
        this.state = state;
    }

    @Override
    public Map<String, Object> answer(AliyunCall call) {
        YearMonth cycle = cycle(call.required("BillingCycle"));
        LocalDate today = LocalDate.ofInstant(state.clock().now(), SandboxClock.BUSINESS_ZONE);
        if (cycle.isAfter(YearMonth.from(today)) || cycle.isBefore(YearMonth.from(today).minusMonths(18))) {
            throw new PopError(400, "InvalidParameter", "The specified parameter \"BillingCycle\" is not valid: "
                    + cycle + " is not within the last 18 months.");
        }
        boolean daily = "DAILY".equals(call.text("Granularity"));
        if (call.text("Granularity") != null && !daily && !"MONTHLY".equals(call.text("Granularity"))) {
            throw PopError.invalid("Granularity");
        }
        LocalDate first = cycle.atDay(1).minusDays(1);
        LocalDate last = cycle.atEndOfMonth().minusDays(1);
        List<LocalDate> days = new ArrayList<>();
        if (daily) {
            LocalDate day = date(call.required("BillingDate"));
            if (day.isBefore(first) || day.isAfter(last)) {
                throw new PopError(400, "InvalidParameter", "The specified parameter \"BillingDate\" is not valid: "
                        + day + " is not billed in " + cycle + ".");
            }
            days.add(day);
        } else {
            for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                days.add(d);
            }
        }
        int max = maxResults(call.text("MaxResults"));
        String product = call.text("ProductCode");
        List<Map<String, Object>> items = new ArrayList<>();
        if (product == null || product.equals(PRODUCT_CODE)) {
            items = daily ? items(call.account(), days.get(0), days) : items(call.account(), null, days);
        }
        int offset = offset(call.text("NextToken"), cycle, days.get(0), daily);
        int end = Math.min(items.size(), offset + max);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("BillingCycle", cycle.toString());
        data.put("AccountID", call.account());
        data.put("TotalCount", items.size());
        data.put("MaxResults", max);
        data.put("NextToken", end < items.size() ? token(cycle, days.get(0), daily, end) : "");
        data.put("Items", new ArrayList<>(items.subList(Math.min(offset, items.size()), end)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Code", "Success");
        out.put("Message", "Successful!");
        out.put("Success", true);
        out.put("Data", data);
        return out;
    }

    /** Items per product over {@code days} (one item per day and product when {@code day} is given). */
    private List<Map<String, Object>> items(String account, LocalDate day, List<LocalDate> days) {
        Map<String, long[]> byProduct = new TreeMap<>(); // product -> billable, covered
        String provider = Provider.ALIYUN_CLOUDAUTH.code();
        for (LocalDate d : days) {
            if (d.plusDays(2).atStartOfDay(SandboxClock.BUSINESS_ZONE).toInstant().isAfter(state.clock().now())) {
                continue; // not settled and listed yet
            }
            Map<String, long[]> ofDay = new TreeMap<>();
            for (BillingLine l : state.billing().reported(provider, d)) {
                if (l.account().equals(account) && l.billableCalls() > 0) {
                    ofDay.computeIfAbsent(l.product() + "\u0000" + l.chargeType(), k -> new long[1])[0]
                            += l.billableCalls();
                }
            }
            Map<String, long[]> byChargeType = new TreeMap<>(); // billable calls, then what packages still cover
            ofDay.forEach((key, n) -> byChargeType.computeIfAbsent(key.split("\u0000")[1], x -> new long[2])[0]
                    += n[0]);
            byChargeType.forEach((chargeType, n) -> n[1] = state.billing().coveredByPackages(provider, account,
                    chargeType, d, n[0]));
            for (Map.Entry<String, long[]> e : ofDay.entrySet()) { // the covered calls go to the products in order
                String[] k = e.getKey().split("\u0000");
                long[] left = byChargeType.get(k[1]);
                long covered = Math.min(left[1], e.getValue()[0]);
                left[1] -= covered;
                long[] sum = byProduct.computeIfAbsent(k[0] + "\u0000" + k[1] + (day == null ? "" : "\u0000" + d),
                        x -> new long[2]);
                sum[0] += e.getValue()[0];
                sum[1] += covered;
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        byProduct.forEach((key, c) -> {
            String[] k = key.split("\u0000");
            items.add(item(account, k[0], k[1], day, c[0], c[1]));
        });
        return items;
    }

    private static Map<String, Object> item(String account, String product, String chargeType, LocalDate day,
                                            long calls, long covered) {
        BigDecimal price = PriceList.unitPrice(Provider.ALIYUN_CLOUDAUTH.code(), chargeType);
        BigDecimal gross = PriceList.amount(price, calls);
        BigDecimal packages = PriceList.amount(price, covered);
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("BillingDate", day == null ? "" : day.toString());
        i.put("ProductCode", PRODUCT_CODE);
        i.put("ProductName", "实人认证");
        i.put("ProductType", "");
        i.put("SubscriptionType", "PayAsYouGo");
        i.put("InstanceID", "cloudauth-" + account);
        i.put("BillingItemCode", product);
        i.put("BillingItem", product);
        i.put("Usage", Long.toString(calls));
        i.put("UsageUnit", "次");
        i.put("ListPrice", price.toPlainString());
        i.put("ListPriceUnit", "元/次");
        i.put("PretaxGrossAmount", gross);
        i.put("DeductedByResourcePackage", packages.toPlainString());
        i.put("DeductedByCoupons", BigDecimal.ZERO.setScale(2));
        i.put("DeductedByCashCoupons", BigDecimal.ZERO.setScale(2));
        i.put("DeductedByPrepaidCard", BigDecimal.ZERO.setScale(2));
        i.put("InvoiceDiscount", BigDecimal.ZERO.setScale(2));
        i.put("PretaxAmount", gross.subtract(packages));
        i.put("PaymentAmount", gross.subtract(packages));
        i.put("OutstandingAmount", BigDecimal.ZERO.setScale(2));
        i.put("Currency", "CNY");
        i.put("BillAccountID", account);
        i.put("OwnerID", account);
        return i;
    }

    private static YearMonth cycle(String text) {
        try {
            if (text.matches("\\d{4}-\\d{2}")) {
                return YearMonth.parse(text);
            }
        } catch (DateTimeParseException e) {
            // below
        }
        throw new PopError(400, "InvalidParameter", "The specified parameter \"BillingCycle\" is not valid: '"
                + text + "' is not YYYY-MM.");
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new PopError(400, "InvalidParameter", "The specified parameter \"BillingDate\" is not valid: '"
                    + text + "' is not YYYY-MM-DD.");
        }
    }

    private static int maxResults(String text) {
        if (text == null) {
            return 20;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_RESULTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new PopError(400, "InvalidParameter", "The specified parameter \"MaxResults\" is not valid: it must be"
                + " 1 to " + MAX_RESULTS + ".");
    }

    private static String token(YearMonth cycle, LocalDate day, boolean daily, int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((cycle + "|" + (daily ? day : "") + "|" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a NextToken this API gave stands for; it must belong to the same query. */
    private static int offset(String token, YearMonth cycle, LocalDate day, boolean daily) {
        if (token == null) {
            return 0;
        }
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", -1);
            if (p.length == 3 && p[0].equals(cycle.toString()) && p[1].equals(daily ? day.toString() : "")) {
                return Integer.parseInt(p[2]);
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw PopError.invalid("NextToken");
    }
}
