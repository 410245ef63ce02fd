package org.idvbatch.sandbox.tencent;

import tools.jackson.databind.JsonNode;

/** A verified call: the caller's SecretId, the JSON parameters, the request id and the Host it addressed. */
record TencentCall(String account, JsonNode params, String requestId, String host) {

    String text(String field) {
        JsonNode n = params.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    String required(String field) {
        String v = text(field);
        if (v == null || v.isBlank()) {
            throw new TencentError("MissingParameter", "The request is missing a required parameter `" + field + "`.");
        }
        return v;
    }

    long number(String field, long fallback) {
        JsonNode n = params.get(field);
        return n == null || n.isNull() ? fallback : n.asLong();
    }

    boolean flag(String field) {
        JsonNode n = params.get(field);
        return n != null && n.asBoolean();
    }
}
