package bplab.backprop;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that runs one task split into {@code parts} deterministic pieces: piece 0 on
 * the calling thread, pieces 1..parts-1 on daemon workers. Which piece does what is decided by the
 * task from (part, parts) alone, so results never depend on scheduling.
 *
 * <p>A training step hands work to the workers several times (once per pass that is split), each
 * hand-off a fraction of a millisecond apart. Waking a parked thread costs tens of microseconds on a
 * small virtual machine, so workers spin for a short while ({@link #SPIN_NANOS}) after each piece
 * before they park, and the caller spins while it waits for the last piece: between the passes of a
 * step nobody sleeps. (With an executor's queue and futures per pass, two threads trained slower than
 * one here.) Longer gaps end in {@code LockSupport.park}, so an idle pool costs no CPU.
 */
final class WorkerPool implements AutoCloseable {
    /** How long a worker, or a waiting caller, spins before it parks. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    interface Task {
        void run(int part, int parts);
    }

    /** One hand-off: workers read all of it through the one volatile field {@link #job}. */
    private record Job(long id, Task task, int parts, Thread caller) {}

    private final int threads;
    private final Thread[] workers;
    private volatile Job job = new Job(0, null, 1, null);
    private volatile boolean closed;
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        int poolId = POOL_IDS.incrementAndGet();
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            Thread t = new Thread(() -> work(part), "backprop-" + poolId + "-worker-" + part);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    int threads() {
        return threads;
    }

    /** Runs the task in {@code parts} pieces, 1 &lt;= parts &lt;= threads (1: on the caller alone). */
    synchronized void run(Task task, int parts) {
        if (parts < 1 || parts > threads) {
            throw new IllegalArgumentException("parts must be in [1, " + threads + "], found " + parts);
        }
        if (parts == 1) {
            task.run(0, 1);
            return;
        }
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        failure.set(null);
        remaining.set(parts - 1);
        job = new Job(job.id() + 1, task, parts, Thread.currentThread());
        for (int w = 0; w < parts - 1; w++) {
            LockSupport.unpark(workers[w]);
        }
        Throwable own = null;
        try {
            task.run(0, parts);
        } catch (RuntimeException | Error e) {
            own = e;
        }
        awaitWorkers();
        Throwable first = own != null ? own : failure.get();
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException("worker failed", first);
        }
    }

    private void awaitWorkers() {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        boolean interrupted = false;
        while (remaining.get() != 0) {
            if (System.nanoTime() < spinUntil) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // the pieces always finish; keep the caller's interrupt
        }
    }

    /** A worker's loop: wait for a new job, run its piece if the job has one, report. */
    private void work(int part) {
        long seen = 0;
        while (true) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            Job j;
            while ((j = job).id() == seen && !closed) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            if (closed) {
                return;
            }
            seen = j.id();
            if (part >= j.parts()) {
                continue; // no piece for this worker in this job
            }
            try {
                j.task().run(part, j.parts());
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(j.caller());
            }
        }
    }

    /** First index of piece {@code part} when [0, n) is cut into {@code parts} contiguous pieces. */
    static int start(int n, int part, int parts) {
        return (int) ((long) n * part / parts);
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
    }
}
