package org.idvbatch.console;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what java.net.http refuses to send (a NUL in a header,
 * bytes that are not UTF-8 in a path) is exactly what an attacker sends.
 */
final class RawHttp {

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /** A response: its status, its headers (names lower-cased, last value wins) and its body as UTF-8. */
    record Response(int status, Map<String, String> headers, List<String> setCookies, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends {@code method target} (the target as raw bytes: ISO-8859-1 characters become single bytes) with the
     * headers (each "Name: value", raw) and the body, and reads the whole answer.
     */
    Response send(String method, String target, List<String> headers, byte[] body) throws IOException {
        ByteArrayOutputStream req = new ByteArrayOutputStream();
        req.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (String h : headers) {
            req.writeBytes(h.getBytes(StandardCharsets.UTF_8));
            req.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        if (body != null) {
            req.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        req.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            req.writeBytes(body);
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(req.toByteArray());
            out.flush();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            return parse(all);
        }
    }

    static Response parse(byte[] all) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no complete answer (" + all.length + " bytes)");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                headers.put(name, value);
                if (name.equals("set-cookie")) {
                    cookies.add(value);
                }
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        String body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? dechunk(rest)
                : new String(rest, StandardCharsets.UTF_8);
        return new Response(status, headers, cookies, body);
    }

    private static String dechunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length) {
            int lineEnd = i;
            while (lineEnd + 1 < raw.length && !(raw[lineEnd] == '\r' && raw[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeLine = new String(raw, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            if (sizeLine.isEmpty()) {
                break;
            }
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(raw, start, Math.min(size, raw.length - start));
            i = start + size + 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
