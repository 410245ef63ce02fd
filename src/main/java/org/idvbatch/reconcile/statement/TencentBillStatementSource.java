package org.idvbatch.reconcile.statement;

import com.tencentcloudapi.common.CommonClient;
import com.tencentcloudapi.common.Credential;
import org.idvbatch.provider.ProviderProperties;
import com.tencentcloudapi.common.exception.TencentCloudSDKException;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import java.nio.charset.StandardCharsets;
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
public class TencentBillStatementSource implements ConsoleStatementSource {

    static final String ACTION = "GetWeChatBillDetails";
    private static final Set<String> CHARGE_TYPES = Set.of("核身", "比对", "混合部署");
    private static final int MAX_PAGES = 100_000;

    private final CommonClient client;
    private final JsonMapper json;
    private final String account;

    public TencentBillStatementSource(ProviderProperties.AccountSettings settings, String account, JsonMapper json) {
        HttpProfile http = new HttpProfile();
        http.setEndpoint(settings.endpoint());
        http.setProtocol("http".equalsIgnoreCase(settings.protocol()) ? HttpProfile.REQ_HTTP : HttpProfile.REQ_HTTPS);
        ClientProfile profile = new ClientProfile();
        profile.setHttpProfile(http);
        this.client = new CommonClient("faceid", "2018-03-01",
                new Credential(settings.accessKeyId(), settings.accessKeySecret()),
                settings.region() == null ? "" : settings.region(), profile);
        this.json = json;
        this.account = account;
    }

    @Override
    public String provider() {
        return "tencent-faceid";
    }

    @Override
    public ParsedStatement fetch(LocalDate day) {
        Map<String, long[]> counts = new TreeMap<>(); // "RuleId|ChargeType" -> {calls, billable}
        long cursor = 0;
        for (int page = 1; page <= MAX_PAGES; page++) {
            String where = ACTION + " " + day + " page " + page;
            JsonNode response = call(day, cursor, where);
            JsonNode details = response.path("WeChatBillDetails");
            for (int i = 0; i < details.size(); i++) {
                count(details.get(i), where + ", WeChatBillDetails[" + i + "]", counts);
            }
            if (!response.path("HasNextPage").asBoolean(false)) {
                return statement(day, counts);
            }
            cursor = response.path("NextCursor").asLong(-1);
            if (cursor < 0) {
                throw new RejectedInputException(where + ": HasNextPage without a NextCursor");
            }
        }
        throw new RejectedInputException(ACTION + " " + day + ": more than " + MAX_PAGES + " pages");
    }

    private JsonNode call(LocalDate day, long cursor, String where) {
        String request = json.writeValueAsString(Map.of("Date", day.toString(), "Cursor", cursor));
        try {
            JsonNode body = json.readTree(client.call(ACTION, request)).path("Response");
            if (body.has("Error")) {
                throw new RejectedInputException(where + ": " + body.path("Error").path("Code").asString("")
                        + " " + body.path("Error").path("Message").asString(""));
            }
            return body;
        } catch (TencentCloudSDKException e) {
            throw new IllegalStateException(where + " failed: " + e.getErrorCode() + " " + e.getMessage(), e);
        } catch (tools.jackson.core.JacksonException e) {
            throw new RejectedInputException(where + ": the answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private static void count(JsonNode token, String where, Map<String, long[]> counts) {
        String rule = token.path("RuleId").asString("");
        if (rule.isBlank()) {
            throw new RejectedInputException(where + ".RuleId: missing");
        }
        JsonNode charges = token.path("ChargeDetails");
        for (int j = 0; j < charges.size(); j++) {
            JsonNode c = charges.get(j);
            String at = where + ".ChargeDetails[" + j + "]";
            String type = c.path("ChargeType").asString("");
            if (!CHARGE_TYPES.contains(type)) {
                throw new RejectedInputException(at + ".ChargeType: '" + type + "' is not 核身, 比对 or 混合部署");
            }
            if (!c.path("IsNeedCharge").isBoolean()) {
                throw new RejectedInputException(at + ".IsNeedCharge: not true/false");
            }
            long[] n = counts.computeIfAbsent(rule + "|" + type, k -> new long[2]);
            n[0]++;
            n[1] += c.path("IsNeedCharge").booleanValue() ? 1 : 0;
        }
    }

    private ParsedStatement statement(LocalDate day, Map<String, long[]> counts) {
        List<StatementRow> rows = new ArrayList<>();
        StringBuilder canonical = new StringBuilder(ACTION + "|" + account + "|" + day);
        counts.forEach((key, n) -> {
            String[] ruleAndType = key.split("\\|", 2);
            rows.add(new StatementRow(rows.size() + 1, day, account, "FaceID", ruleAndType[0], ruleAndType[1], n[0],
                    n[1], null, null));
            canonical.append('|').append(key).append('=').append(n[0]).append('/').append(n[1]);
        });
        return new ParsedStatement(provider(), "api:" + ACTION, ACTION + " " + day,
                StatementImporter.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)), "JSON", day, day,
                rows);
    }
}
