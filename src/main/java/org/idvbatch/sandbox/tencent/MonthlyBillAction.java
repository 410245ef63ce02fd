package org.idvbatch.sandbox.tencent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.SandboxClock;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.billing.BillingLine;

/**
 * Billing centre DescribeBillDetail (service billing, 2018-07-09; providers.md §7.1), for FaceID only, from the
 * sandbox's billing truth: one DetailSet item per usage day and charge type, its one component priced at the
 * sandbox list price with Tencent's 8 decimals (RealCost) and deducted at 2 (CashPayAmount, rounded down). By
 * deduction day ({@code byPayTime}) a month holds the previous month's last day and not its own; each day is
 * deducted at 00:30 of the next and listed once that moment has passed. Offset/Limit paging, Limit at most 100.
 * ASSUMPTIONS (documents silent): BusinessCode p_faceid, the field subset below, ItemCodeName 人脸核身-<charge type>.
 */
final class MonthlyBillAction implements TencentAction {

    static final String VERSION = "2018-07-09";
    static final int MAX_LIMIT = 100;
    private final SandboxState state;

    MonthlyBillAction(SandboxState state) {
        this.state = state;
    }

    @Override
    public Map<String, Object> answer(TencentCall call) {
        YearMonth month = month(call.required("Month"));
        String period = call.text("PeriodType") == null ? "byPayTime" : call.text("PeriodType");
        if (!period.equals("byPayTime") && !period.equals("byUsedTime")) {
            throw new TencentError("InvalidParameterValue.PeriodType", "PeriodType must be byPayTime or byUsedTime.");
        }
        long offset = call.number("Offset", 0);
        long limit = call.number("Limit", 20);
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new TencentError("InvalidParameterValue.Limit", "Limit must be between 1 and 100, Offset >= 0.");
        }
        String business = call.text("BusinessCode");
        List<Map<String, Object>> items = new ArrayList<>();
        if (business == null || business.equals("p_faceid")) {
            LocalDate first = period.equals("byPayTime") ? month.atDay(1).minusDays(1) : month.atDay(1);
            LocalDate last = period.equals("byPayTime") ? month.atEndOfMonth().minusDays(1) : month.atEndOfMonth();
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                ZonedDateTime paid = day.plusDays(1).atTime(LocalTime.of(0, 30)).atZone(SandboxClock.BUSINESS_ZONE);
                if (paid.toInstant().isAfter(state.clock().now())) {
                    break;
                }
                Map<String, long[]> billed = new LinkedHashMap<>();
                for (BillingLine l : state.billing().truth(day)) {
                    if (l.provider().equals(Provider.TENCENT_FACEID.code()) && l.account().equals(call.account())
                            && l.billableCalls() > 0) {
                        billed.computeIfAbsent(l.chargeType(), k -> new long[1])[0] += l.billableCalls();
                    }
                }
                for (Map.Entry<String, long[]> e : billed.entrySet()) {
                    long covered = state.billing().coveredByPackages(Provider.TENCENT_FACEID.code(), call.account(),
                            e.getKey(), day, e.getValue()[0]);
                    items.add(item(day, paid, e.getKey(), e.getValue()[0], covered, call.account()));
                }
            }
        }
        List<Map<String, Object>> page = items.subList((int) Math.min(offset, items.size()),
                (int) Math.min(offset + limit, items.size()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("DetailSet", page);
        out.put("Total", items.size());
        return out;
    }

    private static Map<String, Object> item(LocalDate day, ZonedDateTime paid, String chargeType, long billable,
                                            long covered, String account) {
        BigDecimal price = org.idvbatch.sandbox.billing.PriceList.unitPrice(Provider.TENCENT_FACEID.code(), chargeType)
                .setScale(8);
        List<Map<String, Object>> components = new ArrayList<>();
        if (billable - covered > 0) {
            components.add(component(chargeType, price, billable - covered, "折扣"));
        }
        if (covered > 0) { // ASSUMPTION: a package's calls are their own component, deducted, costing nothing
            components.add(component(chargeType, price, covered, "资源包抵扣"));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("BusinessCodeName", "人脸核身");
        d.put("ProductCodeName", "人脸核身");
        d.put("PayModeName", "按量计费");
        d.put("ActionTypeName", "按量计费日结");
        d.put("BillId", "faceid-" + account + "-" + day + "-" + Integer.toHexString(chargeType.hashCode()));
        d.put("PayTime", paid.toLocalDateTime().format(java.time.format.DateTimeFormatter.ofPattern(
                "yyyy-MM-dd HH:mm:ss")));
        d.put("FeeBeginTime", day + " 00:00:00");
        d.put("FeeEndTime", day + " 23:59:59");
        d.put("ComponentSet", components);
        d.put("BusinessCode", "p_faceid");
        d.put("ProductCode", "p_faceid_api");
        d.put("OwnerUin", account);
        d.put("PayerUin", account);
        return d;
    }

    private static Map<String, Object> component(String chargeType, BigDecimal price, long calls, String reduceType) {
        boolean prepaid = reduceType.equals("资源包抵扣");
        BigDecimal cost = prepaid ? BigDecimal.ZERO.setScale(8)
                : price.multiply(BigDecimal.valueOf(calls)).setScale(8, RoundingMode.HALF_UP);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("ComponentCodeName", "人脸核身");
        c.put("ItemCodeName", "人脸核身-" + chargeType);
        c.put("SinglePrice", price.toPlainString());
        c.put("PriceUnit", "元/次");
        c.put("UsedAmount", Long.toString(calls));
        c.put("UsedAmountUnit", "次");
        c.put("Cost", cost.toPlainString());
        c.put("Discount", prepaid ? "0" : "1");
        c.put("RealCost", cost.toPlainString());
        c.put("CashPayAmount", cost.setScale(2, RoundingMode.DOWN).toPlainString());
        c.put("VoucherPayAmount", "0.00");
        c.put("IncentivePayAmount", "0.00");
        c.put("TransferPayAmount", "0.00");
        c.put("ReduceType", reduceType);
        return c;
    }

    private static YearMonth month(String text) {
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new TencentError("InvalidParameterValue.Month", "Month must be yyyy-mm.");
        }
    }
}
