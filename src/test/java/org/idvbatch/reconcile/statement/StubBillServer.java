package org.idvbatch.reconcile.statement;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.idvbatch.provider.ProviderProperties;
import org.idvbatch.provider.tencent.TencentBillStatementSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local server answering GetWeChatBillDetails as the test says (request body in, JSON answer out), over real
 * HTTP, and the bill source pointed at it. Records each request as "action signature-algorithm body".
 */
final class StubBillServer implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    private StubBillServer(UnaryOperator<String> answer) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestHeaders().getFirst("X-TC-Action") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization").split(" ")[0] + " " + body);
            byte[] bytes = answer.apply(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    static StubBillServer answering(UnaryOperator<String> answer) {
        return new StubBillServer(answer);
    }

    /** The bill source of a Tencent account whose endpoint is this server. */
    TencentBillStatementSource source(JsonMapper json) {
        var account = org.idvbatch.provider.TestAccounts.account("endpoint",
                "127.0.0.1:" + server.getAddress().getPort(), "protocol", "http", "access-key-id", "test-id",
                "access-key-secret", "test-key-generated-at-test-time");
        return new TencentBillStatementSource(account, "default", json);
    }

    /** The monthly-bill source of a Tencent account whose endpoint is this server. */
    org.idvbatch.provider.tencent.TencentInvoiceSource invoiceSource(JsonMapper json) {
        var account = org.idvbatch.provider.TestAccounts.account("endpoint",
                "127.0.0.1:" + server.getAddress().getPort(), "protocol", "http", "access-key-id", "test-id",
                "access-key-secret", "test-key-generated-at-test-time");
        return new org.idvbatch.provider.tencent.TencentInvoiceSource(account, "default", json);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
