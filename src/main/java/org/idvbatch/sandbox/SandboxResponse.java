package org.idvbatch.sandbox;

import java.nio.charset.StandardCharsets;

/** An answer to write, plus what the call log records about it (null note = not logged, e.g. admin calls). */
public record SandboxResponse(int status, String contentType, byte[] body, CallNote note) {

    public static final String JSON = "application/json;charset=utf-8";

    public static SandboxResponse json(int status, Object body, CallNote note) {
        return new SandboxResponse(status, JSON, SandboxJson.write(body), note);
    }

    public static SandboxResponse text(int status, String contentType, String body) {
        return new SandboxResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), null);
    }
}
