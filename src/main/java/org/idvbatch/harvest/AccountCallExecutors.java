package org.idvbatch.harvest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.task.AsyncTaskExecutor;

/**
 * The harvest's call threads, one pool per provider account: the worker step hands each item of a chunk to this
 * executor, and the item goes to the pool of the account whose partition submits it (the partition's context, as
 * Spring Batch binds it to the thread running the step). Calls of a 3-QPS account waiting for their slots
 * therefore occupy only that account's threads, never a 100-QPS account's. Idle pools give their threads back.
 */
final class AccountCallExecutors implements AsyncTaskExecutor, DisposableBean {

    private final int threadsPerAccount;
    private final Map<String, ThreadPoolExecutor> pools = new ConcurrentHashMap<>();

    AccountCallExecutors(int threadsPerAccount) {
        this.threadsPerAccount = threadsPerAccount;
    }

    @Override
    public void execute(Runnable task) {
        pools.computeIfAbsent(accountOfCaller(), this::pool).execute(task);
    }

    /** The account of the partition the calling thread runs ("" outside a step: one shared pool). */
    static String accountOfCaller() {
        StepContext step = StepSynchronizationManager.getContext();
        if (step == null) {
            return "";
        }
        ExecutionContext ctx = step.getStepExecution().getExecutionContext();
        return ctx.getString(DuePartitioner.Partition.PROVIDER, "") + "/"
                + ctx.getString(DuePartitioner.Partition.ACCOUNT, "*");
    }

    private ThreadPoolExecutor pool(String account) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threadsPerAccount, threadsPerAccount, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "harvest-call-" + account + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Pools created so far, by account (provider/account). */
    int pools() {
        return pools.size();
    }

    @Override
    public void destroy() throws InterruptedException {
        pools.values().forEach(ThreadPoolExecutor::shutdown);
        for (ThreadPoolExecutor pool : pools.values()) {
            pool.awaitTermination(30, TimeUnit.SECONDS); // calls in flight finish, as the shared pool's did
        }
    }
}
