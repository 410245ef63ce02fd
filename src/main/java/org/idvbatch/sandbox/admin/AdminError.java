package org.idvbatch.sandbox.admin;

/** A bad admin request, answered as {@code {"error": message}} with the given status. */
final class AdminError extends RuntimeException {

    private final int status;

    AdminError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
