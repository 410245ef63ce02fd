package org.idvbatch.sandbox;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the sandbox (thread-safe); provider bodies are built as ordered maps. */
public final class SandboxJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();

    private SandboxJson() {
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Parses a body; throws {@link tools.jackson.core.JacksonException} on malformed input. */
    public static JsonNode read(byte[] body) {
        return MAPPER.readTree(body);
    }

    public static JsonNode read(String body) {
        return MAPPER.readTree(body);
    }

    public static <T> T convert(Object value, Class<T> type) {
        return MAPPER.convertValue(value, type);
    }

    /** For operator input (the admin API): a misspelled field is an error naming it, not a silent default. */
    public static <T> T convertStrict(Object value, Class<T> type) {
        return STRICT.convertValue(value, type);
    }

    private static final JsonMapper STRICT = MAPPER.rebuild()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
}
