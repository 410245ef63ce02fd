package org.idvbatch.sandbox.tencent;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.SandboxClock;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.billing.BillingEvent;
import org.idvbatch.identity.IdentityMask;

/**
 * GetWeChatBillDetails: the provider-side bill of one day, per BizToken with its charge details, paged by
 * Cursor/NextCursor. It reports the drifted view (usage side), never the truth. ASSUMPTIONS: 100 tokens per
 * page; only tokens with at least one charge are listed; a day not yet ready (before 06:00 next day) is empty.
 */
final class BillDetailsAction implements TencentAction {

    static final int PAGE = 100;
    private final SandboxState state;

    BillDetailsAction(SandboxState state) {
        this.state = state;
    }

    @Override
    public Map<String, Object> answer(TencentCall call) {
        LocalDate date = date(call.required("Date"));
        LocalDate today = state.clock().businessDate();
        if (date.isBefore(today.minusDays(365)) || date.isAfter(today)) {
            throw new TencentError("InvalidParameterValue", "Date must be within the last 365 days.");
        }
        long cursor = call.number("Cursor", 0);
        String ruleId = call.text("RuleId");
        boolean ready = !state.clock().now().isBefore(
                ZonedDateTime.of(date.plusDays(1), LocalTime.of(6, 0), SandboxClock.BUSINESS_ZONE).toInstant());
        Map<String, List<BillingEvent>> byToken = new LinkedHashMap<>();
        if (ready) {
            for (BillingEvent e : state.billing().reportedEvents(Provider.TENCENT_FACEID.code(), date,
                    state.clock().now())) {
                if (e.account().equals(call.account()) && (ruleId == null || ruleId.isBlank() || ruleId.equals(e.scene()))) {
                    byToken.computeIfAbsent(e.ref(), k -> new ArrayList<>()).add(e);
                }
            }
            byToken.values().removeIf(list -> list.stream().noneMatch(BillingEvent::billable));
        }
        List<Map<String, Object>> page = new ArrayList<>();
        List<String> tokens = new ArrayList<>(byToken.keySet());
        for (int i = (int) Math.max(0, cursor); i < Math.min(tokens.size(), cursor + PAGE); i++) {
            page.add(detail(tokens.get(i), byToken.get(tokens.get(i))));
        }
        boolean more = cursor + PAGE < tokens.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("HasNextPage", more);
        out.put("NextCursor", more ? cursor + PAGE : 0);
        out.put("WeChatBillDetails", page);
        return out;
    }

    private Map<String, Object> detail(String token, List<BillingEvent> events) {
        SandboxSession session = state.sessions().anyState(Provider.TENCENT_FACEID, token).orElseThrow();
        List<Map<String, Object>> charges = new ArrayList<>();
        for (BillingEvent e : events) {
            Map<String, Object> c = new LinkedHashMap<>();
            long unsequenced = state.billing().drift().unsequencedBillMillis();
            if (unsequenced > 0) { // drift: the bill's own clock, and no Seq to pair the attempt by
                c.put("ReqTime", Long.toString(e.at().toEpochMilli() + unsequenced));
            } else {
                c.put("ReqTime", Long.toString(e.at().toEpochMilli()));
                c.put("Seq", TencentCodes.seq(token, e.seq()));
            }
            c.put("IdCard", IdentityMask.idNumber(session.spec().idNumber()));
            c.put("Idcard", IdentityMask.idNumber(session.spec().idNumber()));
            c.put("Name", IdentityMask.name(session.spec().name()));
            c.put("Sim", DetectInfoText.sim(session, e.code()));
            c.put("IsNeedCharge", e.billable());
            c.put("ChargeType", e.chargeType());
            c.put("ErrorCode", Integer.toString(e.code()));
            c.put("ErrorMessage", TencentCodes.message(e.code()));
            charges.add(c);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("BizToken", token);
        d.put("ChargeCount", events.stream().filter(BillingEvent::billable).count());
        d.put("ChargeDetails", charges);
        d.put("RuleId", session.spec().scene());
        return d;
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new TencentError("InvalidParameterValue", "Date must be YYYY-MM-DD.");
        }
    }
}
