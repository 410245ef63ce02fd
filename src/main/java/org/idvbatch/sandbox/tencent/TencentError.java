package org.idvbatch.sandbox.tencent;

/** A Tencent public/business error answered in the {@code Response.Error} envelope. */
final class TencentError extends RuntimeException {

    private final String code;

    TencentError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
