package org.idvbatch.provider.tencent;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import org.idvbatch.provider.BillStatementSource;
import org.idvbatch.provider.BillableAttempt;
import org.idvbatch.provider.Provider;
import org.idvbatch.provider.ProviderBill;
import org.idvbatch.provider.ProviderProperties;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.idvbatch.RejectedInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tencent's bill for a day through GetWeChatBillDetails (providers.md §4.7): every ChargeDetail of every
 * BizToken, paged by cursor, counted per RuleId (our scene) and ChargeType into statement rows. The API gives
 * no amounts, so only counts are compared for these lines. Called through the SDK's generic CommonClient.
 */
public class TencentBillStatementSource implements BillStatementSource {

    static final String ACTION = "GetWeChatBillDetails";
    private static final int MAX_PAGES = 100_000;

    private final CommonClient client;
    private final JsonMapper json;
    private final String account;

    /** The bill pages one call after the other: a small pool of its own, set up like the result client's. */
    public TencentBillStatementSource(ProviderProperties.AccountSettings settings, String account, JsonMapper json) {
        this.client = TencentCommonClients.create(settings, new ConnectionPool(2, 5, TimeUnit.MINUTES));
        this.json = json;
        this.account = account;
    }

    @Override
    public Provider provider() {
        return Provider.TENCENT_FACEID;
    }

    /** Tencent publishes a day's GetWeChatBillDetails after 06:00 Beijing on the next day (providers.md §7.1). */
    @Override
    public java.time.Duration publishedAfterDayEnd() {
        return java.time.Duration.ofHours(6);
    }

    /** The figures may still move for three days (providers.md §7.1): asked again at D+1, D+2 and D+3. */
    @Override
    public java.time.Duration finalAfterDayEnd() {
        return java.time.Duration.ofDays(3);
    }

    @Override
    public ProviderBill fetch(LocalDate day) {
        Map<String, long[]> counts = new TreeMap<>(); // "RuleId|ChargeType" -> {calls, billable}
        List<ProviderBill.Call> calls = new ArrayList<>();
        Map<String, String> tokens = new java.util.HashMap<>(); // BizToken -> where it was listed
        java.util.Set<Long> cursors = new java.util.HashSet<>();
        long cursor = 0;
        for (int page = 1; page <= MAX_PAGES; page++) {
            String where = ACTION + " " + day + " page " + page;
            JsonNode response = call(day, cursor, where);
            JsonNode details = response.path("WeChatBillDetails");
            for (int i = 0; i < details.size(); i++) {
                String at = where + ", WeChatBillDetails[" + i + "]";
                String token = details.get(i).path("BizToken").asString("");
                if (token.isBlank()) {
                    throw new RejectedInputException(at + ".BizToken: missing");
                }
                String earlier = tokens.putIfAbsent(token, at);
                if (earlier != null) { // a page served twice would count its calls twice
                    throw new RejectedInputException(at + ".BizToken: listed again (first at " + earlier + ")");
                }
                count(details.get(i), at, counts, calls, account);
            }
            if (!response.path("HasNextPage").asBoolean(false)) {
                return statement(day, counts, calls);
            }
            cursor = response.path("NextCursor").asLong(-1);
            if (cursor < 0) {
                throw new RejectedInputException(where + ": HasNextPage without a NextCursor");
            }
            if (!cursors.add(cursor)) {
                throw new RejectedInputException(where + ".NextCursor: " + cursor + " was given before (a loop)");
            }
        }
        throw new RejectedInputException(ACTION + " " + day + ": more than " + MAX_PAGES + " pages");
    }

    private JsonNode call(LocalDate day, long cursor, String where) {
        String request = json.writeValueAsString(Map.of("Date", day.toString(), "Cursor", cursor));
        try {
            JsonNode body = json.readTree(client.call(ACTION, request)).path("Response");
            if (body.has("Error")) { // as the SDK itself reports an error answer: the bill could not be read
                throw new IllegalStateException(where + " failed: " + body.path("Error").path("Code").asString("")
                        + " " + body.path("Error").path("Message").asString(""));
            }
            return body;
        } catch (TencentCloudSDKException e) {
            throw new IllegalStateException(where + " failed: " + e.getErrorCode() + " " + e.getMessage(), e);
        } catch (tools.jackson.core.JacksonException e) {
            throw new RejectedInputException(where + ": the answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void count(JsonNode token, String where, Map<String, long[]> counts, List<ProviderBill.Call> calls,
                              String account) {
        String rule = token.path("RuleId").asString("");
        if (rule.isBlank()) {
            throw new RejectedInputException(where + ".RuleId: missing");
        }
        JsonNode charges = token.path("ChargeDetails");
        java.util.Set<String> attempts = new java.util.HashSet<>();
        for (int j = 0; j < charges.size(); j++) {
            JsonNode c = charges.get(j);
            String at = where + ".ChargeDetails[" + j + "]";
            String type = c.path("ChargeType").asString("");
            if (!Provider.TENCENT_FACEID.chargeTypes().contains(type)) {
                throw new RejectedInputException(at + ".ChargeType: '" + type + "' is not 核身, 比对 or 混合部署");
            }
            String reqTime = c.path("ReqTime").asString("");
            if (!reqTime.matches("\\d{10,13}")) {
                throw new RejectedInputException(at + ".ReqTime: not a Unix time in milliseconds");
            }
            if (!c.path("IsNeedCharge").isBoolean()) {
                throw new RejectedInputException(at + ".IsNeedCharge: not true/false");
            }
            java.time.Instant calledAt = java.time.Instant.ofEpochMilli(
                    Long.parseLong(reqTime.length() == 10 ? reqTime + "000" : reqTime));
            // an attempt billed without a Seq is matched with the ledger by its ReqTime (within the tolerance)
            String seq = c.path("Seq").asString("");
            String callRef = seq.isBlank() ? BillableAttempt.unsequenced(calledAt) : seq;
            if (!attempts.add(callRef)) {
                throw new RejectedInputException(seq.isBlank()
                        ? at + ".ReqTime: a second attempt without a Seq at the same ReqTime " + reqTime
                        : at + ".Seq: '" + seq + "' listed twice for this BizToken");
            }
            calls.add(new ProviderBill.Call(account, token.path("BizToken").asString(""), callRef, rule, calledAt,
                    type, c.path("IsNeedCharge").booleanValue(), c.path("ErrorCode").asString(null)));
            long[] n = counts.computeIfAbsent(rule + "|" + type, k -> new long[2]);
            n[0]++;
            n[1] += c.path("IsNeedCharge").booleanValue() ? 1 : 0;
        }
    }

    private ProviderBill statement(LocalDate day, Map<String, long[]> counts, List<ProviderBill.Call> calls) {
        List<ProviderBill.Line> rows = new ArrayList<>();
        StringBuilder canonical = new StringBuilder(ACTION + "|" + account + "|" + day);
        counts.forEach((key, n) -> {
            String[] ruleAndType = key.split("\\|", 2);
            rows.add(new ProviderBill.Line(day, account, "FaceID", ruleAndType[0], ruleAndType[1], n[0], n[1], null,
                    null));
            canonical.append('|').append(key).append('=').append(n[0]).append('/').append(n[1]);
        });
        // the calls too: a bill whose totals stay but whose attempts changed is a new version
        calls.stream().map(c -> c.providerRef() + "/" + c.callRef() + "/" + c.calledAt().toEpochMilli() + "/"
                + c.chargeType() + "/" + c.billable()).sorted().forEach(c -> canonical.append('|').append(c));
        return new ProviderBill(provider(), "api:" + ACTION, ACTION + " " + day,
                sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)), day, rows, calls);
    }

    /** Hex SHA-256 of a bill's canonical content: its version identity. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
