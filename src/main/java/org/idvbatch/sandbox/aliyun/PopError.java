package org.idvbatch.sandbox.aliyun;

/**
 * An Alibaba Cloud POP gateway error: HTTP status + {@code {"RequestId","HostId","Code","Message","Recommend"}}.
 * ASSUMPTION (one place to correct): SignatureDoesNotMatch answers 403 as providers.md §5.2 lists it; the other
 * gateway codes use the statuses listed there (400 for throttling, time stamp, nonce and unknown keys).
 */
public final class PopError extends RuntimeException {

    private final int status;
    private final String code;

    public PopError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static PopError signatureMismatch(String detail) {
        return new PopError(403, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation. "
                + detail);
    }

    static PopError missing(String parameter) {
        return new PopError(400, "MissingParameter", "The input parameter \"" + parameter
                + "\" that is mandatory for processing this request is not supplied.");
    }

    public static PopError invalid(String parameter) {
        return new PopError(400, "InvalidParameter", "The specified parameter \"" + parameter + "\" is not valid.");
    }
}
