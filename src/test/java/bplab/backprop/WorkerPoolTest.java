package bplab.backprop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool hands each run's pieces to its workers by spinning, then parking: every piece of every
 * run executes exactly once and is finished when run returns, failures reach the caller, an idle
 * pool's workers end up parked, and close ends them.
 */
class WorkerPoolTest {
    @Test
    void everyPieceOfEveryRunExecutesExactlyOnceBeforeRunReturns() {
        try (WorkerPool pool = new WorkerPool(3)) {
            AtomicIntegerArray count = new AtomicIntegerArray(3);
            int[] expected = new int[3];
            for (int r = 0; r < 20_000; r++) {
                int parts = 1 + r % 3; // 1, 2 and 3 pieces interleaved: some workers sit some runs out
                pool.run((part, n) -> {
                    assertThat(n).isEqualTo(parts);
                    count.incrementAndGet(part);
                }, parts);
                for (int p = 0; p < parts; p++) expected[p]++;
                for (int p = 0; p < 3; p++) {
                    assertThat(count.get(p)).as("piece %d after run %d", p, r).isEqualTo(expected[p]);
                }
            }
        }
    }

    @Test
    void aWorkersFailureAndTheCallersReachTheCaller() {
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThatThrownBy(() -> pool.run((part, n) -> {
                if (part == 1) throw new IllegalArgumentException("piece 1 failed");
            }, 2)).isInstanceOf(IllegalArgumentException.class).hasMessage("piece 1 failed");
            assertThatThrownBy(() -> pool.run((part, n) -> {
                if (part == 0) throw new IllegalStateException("piece 0 failed");
            }, 2)).isInstanceOf(IllegalStateException.class).hasMessage("piece 0 failed");
            AtomicIntegerArray ok = new AtomicIntegerArray(2);
            pool.run((part, n) -> ok.incrementAndGet(part), 2); // still usable afterwards
            assertThat(ok.get(0) + ok.get(1)).isEqualTo(2);
            assertThatThrownBy(() -> pool.run((part, n) -> { }, 3)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void idleWorkersParkAndCloseEndsThem() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2);
        pool.run((part, n) -> { }, 2);
        Thread w = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().matches("backprop-\\d+-worker-1") && t.isAlive())
                .reduce((a, b) -> a.getId() > b.getId() ? a : b).orElseThrow(); // the newest pool's worker
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (w.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.sleep(1);
        assertThat(w.getState()).as("an idle worker after its spin").isEqualTo(Thread.State.WAITING);
        pool.close();
        w.join(5_000);
        assertThat(w.isAlive()).as("a worker of a closed pool").isFalse();
        assertThatThrownBy(() -> pool.run((part, n) -> { }, 2)).isInstanceOf(IllegalStateException.class);
    }
}
