package org.idvbatch.sandbox.aliyun.cloudauth;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.aliyun.AliyunCall;
import org.idvbatch.sandbox.aliyun.PopError;
import org.idvbatch.sandbox.billing.BillingEvent;

/**
 * DescribeVerifyUsage / DescribeFaceUsage: the provider-side daily counts of the calling account, as reported
 * (drift applied). ASSUMPTIONS (NOT FOUND): dates YYYY-MM-DD inclusive, at most 31 days; BizType is the scene;
 * PassCount = SubCode 200; face usage counts every product of the account.
 */
final class UsageActions {

    private final SandboxState state;

    UsageActions(SandboxState state) {
        this.state = state;
    }

    Map<String, Object> verifyUsage(AliyunCall call) {
        String bizType = call.text("BizType");
        Map<String, long[]> byDayAndType = new TreeMap<>();
        for (LocalDate d : days(call)) {
            for (BillingEvent e : events(call, d)) {
                if (bizType == null || bizType.equals(e.scene())) {
                    long[] c = byDayAndType.computeIfAbsent(d + "\u0000" + e.scene(), k -> new long[3]);
                    c[0]++;
                    c[e.code() == 200 ? 1 : 2]++;
                }
            }
        }
        List<Map<String, Object>> list = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> e : byDayAndType.entrySet()) {
            String[] k = e.getKey().split("\u0000");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("BizType", k[1]);
            row.put("Date", k[0]);
            row.put("TotalCount", e.getValue()[0]);
            row.put("PassCount", e.getValue()[1]);
            row.put("FailCount", e.getValue()[2]);
            list.add(row);
            total += e.getValue()[0];
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", total);
        out.put("VerifyUsageList", list);
        return out;
    }

    Map<String, Object> faceUsage(AliyunCall call) {
        List<Map<String, Object>> list = new ArrayList<>();
        long total = 0;
        for (LocalDate d : days(call)) {
            long n = events(call, d).size();
            if (n > 0) {
                list.add(Map.of("Date", d.toString(), "TotalCount", n));
                total += n;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", total);
        out.put("FaceUsageList", list);
        return out;
    }

    private List<BillingEvent> events(AliyunCall call, LocalDate day) {
        return state.billing().reportedEvents(Provider.ALIYUN_CLOUDAUTH.code(), day).stream()
                .filter(e -> e.account().equals(call.account())).toList();
    }

    private static List<LocalDate> days(AliyunCall call) {
        LocalDate start = date(call, "StartDate");
        LocalDate end = date(call, "EndDate");
        if (end.isBefore(start) || start.plusDays(31).isBefore(end)) {
            throw PopError.invalid("EndDate");
        }
        return start.datesUntil(end.plusDays(1)).toList();
    }

    private static LocalDate date(AliyunCall call, String name) {
        try {
            return LocalDate.parse(call.required(name));
        } catch (DateTimeParseException e) {
            throw PopError.invalid(name);
        }
    }
}
