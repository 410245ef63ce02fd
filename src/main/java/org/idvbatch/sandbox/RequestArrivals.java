package org.idvbatch.sandbox;

import java.util.concurrent.Executor;

/**
 * When each request reached the sandbox's server, as a provider's gateway counts it: stamped when the server hands
 * the connection's request to a worker, before the worker pool's queue. A provider counts its QPS at its door; the
 * sandbox, sharing a machine's cores with the clients it serves, can leave a burst of requests in its queue for a
 * while and handle them together, and counting them then saw, in one second, calls the clients had sent over two.
 */
final class RequestArrivals {

    private final ThreadLocal<Long> arrived = new ThreadLocal<>();

    /** The server's executor: each task carries the instant ({@link System#nanoTime()}) it was handed over. */
    Executor stamping(Executor workers) {
        return task -> {
            long at = System.nanoTime();
            workers.execute(() -> {
                arrived.set(at);
                try {
                    task.run();
                } finally {
                    arrived.remove();
                }
            });
        };
    }

    /** When the request this thread is handling arrived ({@link System#nanoTime()}); now outside a stamped task. */
    long arrivedNanos() {
        Long at = arrived.get();
        return at == null ? System.nanoTime() : at;
    }
}
