package bplab.backprop;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of threads that runs one task split into {@code parts} deterministic pieces: piece 0 on
 * the calling thread, pieces 1..parts-1 on daemon workers. Which piece does what is decided by the
 * task from (part, parts) alone, so results never depend on scheduling.
 */
final class WorkerPool implements AutoCloseable {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    interface Task {
        void run(int part, int parts);
    }

    private final int threads;
    private final ExecutorService executor;

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        this.threads = threads;
        if (threads == 1) {
            this.executor = null;
        } else {
            int poolId = POOL_IDS.incrementAndGet();
            AtomicInteger workerIds = new AtomicInteger();
            this.executor = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "backprop-" + poolId + "-worker-" + workerIds.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    int threads() {
        return threads;
    }

    /** Runs the task in {@code parts} pieces, 1 &lt;= parts &lt;= threads (1: on the caller alone). */
    void run(Task task, int parts) {
        if (parts < 1 || parts > threads) {
            throw new IllegalArgumentException("parts must be in [1, " + threads + "], found " + parts);
        }
        if (parts == 1) {
            task.run(0, 1);
            return;
        }
        Future<?>[] pending = new Future<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            pending[p - 1] = executor.submit(() -> task.run(part, parts));
        }
        RuntimeException failure = null;
        try {
            task.run(0, parts);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException("worker failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new IllegalStateException("interrupted while waiting for workers", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** First index of piece {@code part} when [0, n) is cut into {@code parts} contiguous pieces. */
    static int start(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
