package org.idvbatch.provider.aliyun;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading the SDK's parsed bodies, whose fields may be strings, numbers or embedded JSON strings. */
final class AliyunBody {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AliyunBody() {
    }

    static String text(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        return v == null ? null : v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                ? String.valueOf(n.longValue()) : v.toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> map, String key) {
        Object v = map == null ? null : map.get(key);
        return v instanceof Map ? (Map<String, Object>) v : null;
    }

    /** Fields such as MaterialInfo and Ext*Info are JSON documents inside a string. */
    static JsonNode embeddedJson(Map<String, Object> map, String key) {
        String s = text(map, key);
        if (s == null || s.isBlank()) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(s);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(key + " is not JSON", e);
        }
    }
}
