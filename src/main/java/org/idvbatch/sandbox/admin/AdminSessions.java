package org.idvbatch.sandbox.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.idvbatch.provider.Provider;
import org.idvbatch.sandbox.Outcome;
import org.idvbatch.sandbox.SandboxRequest;
import org.idvbatch.sandbox.SandboxResponse;
import org.idvbatch.sandbox.SandboxSession;
import org.idvbatch.sandbox.SandboxState;
import org.idvbatch.sandbox.SessionSpec;
import org.idvbatch.sandbox.evidence.OssLinks;
import tools.jackson.databind.JsonNode;

/**
 * Admin routes for sessions: list, register (scenario API), complete as the simulated user, the flow page the
 * init calls' URLs point at, and the signed evidence links ({@code oss/...}).
 */
final class AdminSessions {

    private final SandboxState state;

    AdminSessions(SandboxState state) {
        this.state = state;
    }

    Object route(String method, String path, SandboxRequest request) {
        if ("GET".equals(method) && path.equals("sessions")) {
            String provider = request.queryParams().get("provider");
            List<Object> out = new ArrayList<>();
            for (SandboxSession s : state.sessions().list(provider == null ? null : AdminJson.provider(provider))) {
                out.add(AdminJson.view(s, state.sessions().isPurged(s)));
            }
            return out;
        }
        if ("POST".equals(method) && path.equals("sessions")) {
            JsonNode body = AdminApi.body(request);
            List<Object> created = new ArrayList<>();
            int existing = 0;
            for (JsonNode n : body.isArray() ? body : List.of(body)) {
                SessionSpec spec = AdminJson.spec(n);
                var known = state.sessions().anyState(spec.provider(), spec.ref());
                if (known.isPresent()) {
                    if (!known.get().spec().equals(spec)) {
                        throw new AdminError(409, "session " + spec.provider().code() + "/" + spec.ref()
                                + " exists with different data");
                    }
                    existing++; // the same scenario seeded again
                    continue;
                }
                SandboxSession s = state.sessions().register(spec);
                created.add(Map.of("provider", s.provider().code(), "ref", s.ref()));
            }
            return Map.of("registered", created.size(), "existing", existing, "sessions", created);
        }
        String[] parts = path.split("/");
        if (parts.length == 4 && parts[0].equals("sessions") && parts[3].equals("complete") && "POST".equals(method)) {
            return complete(AdminJson.provider(parts[1]), parts[2], AdminApi.body(request));
        }
        if (parts.length == 3 && (parts[0].equals("sessions") || parts[0].equals("flow")) && "GET".equals(method)) {
            Provider provider = AdminJson.provider(parts[1]);
            SandboxSession s = state.sessions().anyState(provider, parts[2])
                    .orElseThrow(() -> new AdminError(404, "no session " + parts[1] + "/" + parts[2]));
            return AdminJson.view(s, state.sessions().isPurged(s));
        }
        if (parts.length == 3 && parts[0].equals("oss") && "GET".equals(method)) {
            return picture(parts[1] + "/" + parts[2], request.queryParams());
        }
        throw new AdminError(404, "no admin route " + method + " /_sandbox/" + path);
    }

    private Object complete(Provider provider, String ref, JsonNode body) {
        Outcome outcome = AdminJson.outcome(AdminJson.required(body, "outcome"));
        List<Integer> codes = new ArrayList<>();
        body.path("codes").forEach(c -> codes.add(c.asInt()));
        SandboxSession s = state.sessions().find(provider, ref)
                .orElseThrow(() -> new AdminError(404, "no live session " + provider.code() + "/" + ref));
        if (!state.sessions().complete(provider, ref, outcome, codes)) {
            throw new AdminError(409, "session " + provider.code() + "/" + ref + " is already final ("
                    + s.outcome() + ")");
        }
        return AdminJson.view(s, false);
    }

    /**
     * Serves an evidence picture; a bad or expired link answers like OSS (403 AccessDenied, XML), and a link to
     * a deleted picture with 404 NoSuchKey.
     */
    private SandboxResponse picture(String object, Map<String, String> q) {
        var target = state.ossLinks().resolve(object, q.get("Expires"), q.get("Signature"));
        if (target.isEmpty()) {
            return ossError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                    + "signature you provided.");
        }
        if (state.clock().now().getEpochSecond() > Long.parseLong(q.get("Expires"))) {
            return ossError(403, "AccessDenied", "Request has expired.");
        }
        if (state.picturesDeleted()) {
            return ossError(404, "NoSuchKey", "The specified key does not exist.");
        }
        OssLinks.Target t = target.get();
        return new SandboxResponse(200, "image/jpeg", state.evidence().jpeg(t.seed(), t.kind(), t.index()), null);
    }

    private SandboxResponse ossError(int status, String code, String message) {
        return SandboxResponse.text(status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n"
                + "  <Code>" + code + "</Code>\n  <Message>" + message + "</Message>\n  <RequestId>"
                + state.newRequestId() + "</RequestId>\n  <HostId>sandbox-oss</HostId>\n</Error>\n");
    }
}
