package org.idvbatch.report;

import java.util.Map;

/** Headers and labels in the configured language (Chinese finance teams first). */
final class ReportLabels {

    private static final Map<String, String[]> TEXT = Map.ofEntries(
            Map.entry("sheet.summary", new String[] {"汇总", "Summary"}),
            Map.entry("sheet.byState", new String[] {"会话状态统计", "Sessions by state"}),
            Map.entry("sheet.sessions", new String[] {"会话明细", "Sessions"}),
            Map.entry("title", new String[] {"实人认证日报", "Identity verification daily report"}),
            Map.entry("timezone", new String[] {"日期与时间均为北京时间 (Asia/Shanghai)",
                    "All dates and times in Beijing time (Asia/Shanghai)"}),
            Map.entry("item", new String[] {"项目", "Item"}),
            Map.entry("value", new String[] {"数值", "Value"}),
            Map.entry("definition", new String[] {"说明", "Definition"}),
            Map.entry("businessDate", new String[] {"业务日期", "Business date"}),
            Map.entry("runId", new String[] {"运行编号", "Run id"}),
            Map.entry("startedAt", new String[] {"开始时间", "Started at"}),
            Map.entry("version", new String[] {"版本", "Version"}),
            Map.entry("sessionsStarted", new String[] {"当日发起会话数", "Sessions started"}),
            Map.entry("sessionsStarted.def", new String[] {"业务日期内创建的会话", "sessions created on the business date"}),
            Map.entry("state.def", new String[] {"当日发起且当前处于该状态的会话", "sessions of the day now in this state"}),
            Map.entry("provider", new String[] {"服务商", "Provider"}),
            Map.entry("total", new String[] {"合计", "Total"}),
            Map.entry("id", new String[] {"会话ID", "Session id"}),
            Map.entry("account", new String[] {"账号", "Account"}),
            Map.entry("product", new String[] {"产品", "Product"}),
            Map.entry("scene", new String[] {"场景", "Scene"}),
            Map.entry("merchantBizId", new String[] {"商户业务号", "Merchant biz id"}),
            Map.entry("providerRef", new String[] {"服务商流水号", "Provider reference"}),
            Map.entry("createdAt", new String[] {"创建时间", "Created at"}),
            Map.entry("state", new String[] {"状态", "State"}),
            Map.entry("resultCode", new String[] {"结果码", "Result code"}),
            Map.entry("subCode", new String[] {"子结果码", "Sub code"}),
            Map.entry("name", new String[] {"姓名(脱敏)", "Name (masked)"}),
            Map.entry("idNumber", new String[] {"证件号(脱敏)", "ID number (masked)"}),
            Map.entry("deadline", new String[] {"保留截止", "Retention deadline"}));

    private final int column;

    ReportLabels(String language) {
        this.column = "en".equals(language) ? 1 : 0;
    }

    String get(String key) {
        String[] t = TEXT.get(key);
        if (t == null) {
            throw new IllegalArgumentException("no report label " + key);
        }
        return t[column];
    }
}
