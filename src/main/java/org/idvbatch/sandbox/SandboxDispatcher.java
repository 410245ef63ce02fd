package org.idvbatch.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single HTTP handler: picks the protocol that claims the request, injects the provider's configured
 * faults around it, writes the answer and appends it to the call log.
 */
final class SandboxDispatcher implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(SandboxDispatcher.class);
    private static final byte[] GATEWAY_PAGE =
            "<html><head><title>502 Bad Gateway</title></head><body>Tengine</body></html>"
                    .getBytes(StandardCharsets.UTF_8);

    private final SandboxState state;
    private final List<ProviderProtocol> protocols;

    SandboxDispatcher(SandboxState state, List<ProviderProtocol> protocols) {
        this.state = state;
        this.protocols = List.copyOf(protocols);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            dispatch(exchange);
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try {
            SandboxRequest request = read(exchange);
            ProviderProtocol protocol = protocols.stream().filter(p -> p.claims(request)).findFirst().orElse(null);
            if (protocol == null) {
                write(exchange, SandboxResponse.text(404, SandboxResponse.JSON,
                        "{\"Code\":\"NotFound\",\"Message\":\"no provider protocol matches this request\"}"));
                return;
            }
            var provider = protocol.provider(request);
            FaultSettings f = provider == null ? FaultSettings.none() : state.faults(provider);
            if (!f.isNone()) {
                answerWithFaults(exchange, request, protocol, f);
                return;
            }
            SandboxResponse response = protocol.handle(request);
            logCall(response); // before answering, so a caller that reads the log after its answer sees the call
            write(exchange, response);
        } catch (RuntimeException e) {
            // Never leak a stack trace (or request data) to the caller; the provider would answer 500.
            log.warn("sandbox failed on a request: {}", e.toString());
            write(exchange, SandboxResponse.text(500, SandboxResponse.JSON,
                    "{\"Code\":\"InternalError\",\"Message\":\"sandbox internal error\"}"));
        }
    }

    private void answerWithFaults(HttpExchange exchange, SandboxRequest request, ProviderProtocol protocol,
            FaultSettings f) throws IOException {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long latency = f.latencyMaxMillis() > f.latencyMinMillis()
                ? rnd.nextLong(f.latencyMinMillis(), f.latencyMaxMillis() + 1) : f.latencyMinMillis();
        if (rnd.nextDouble() < f.timeoutRate()) {
            latency += f.timeoutMillis();
        }
        sleep(latency);
        if (rnd.nextDouble() < f.resetRate()) {
            exchange.sendResponseHeaders(200, 4096);
            return; // closing with the declared body unwritten drops the connection
        }
        SandboxResponse response = rnd.nextDouble() < f.serverErrorRate()
                ? protocol.serverError(request) : protocol.handle(request);
        if (rnd.nextDouble() < f.truncateRate()) {
            byte[] cut = java.util.Arrays.copyOf(response.body(), response.body().length / 2);
            response = new SandboxResponse(response.status(), response.contentType(), cut, response.note());
        } else if (rnd.nextDouble() < f.malformedRate()) {
            response = new SandboxResponse(200, response.contentType(), GATEWAY_PAGE, response.note());
        }
        logCall(response);
        write(exchange, response);
    }

    private void logCall(SandboxResponse response) {
        if (response.note() != null) {
            java.time.Instant now = state.clock().now();
            long waited = Math.max(0, System.nanoTime() - state.arrivals().arrivedNanos());
            state.calls().append(now.minusNanos(waited), now, response.note(), response.status());
        }
    }

    private static SandboxRequest read(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> {
            if (!v.isEmpty()) {
                headers.put(k.toLowerCase(), v.get(0));
            }
        });
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        return new SandboxRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
    }

    private static void write(HttpExchange exchange, SandboxResponse response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
