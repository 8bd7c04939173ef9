package bplab.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.core.storage.StatsStorageRouter;
import org.deeplearning4j.core.storage.StorageMetaData;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

/**
 * One run's DL4J UI statistics, kept in its run directory as a {@link FileStatsStorage}
 * ({@value #FILE}) that {@code backprop-lab ui} reopens later.
 *
 * <p>The storage commits its write-ahead log on every record, so {@link #router()} hands
 * records to one writer thread instead of writing on the training thread; a full queue makes
 * the trainer wait (it never drops statistics). The storage keys updates by session, worker
 * and millisecond timestamp, so two reports of one worker within the same millisecond would
 * overwrite each other: the router moves a report that would collide to the next free
 * millisecond.
 */
public final class StatsRecorder implements AutoCloseable {
    public static final String FILE = "ui-stats.bin";
    private static final int QUEUE = 256;

    private final Path file;
    private final FileStatsStorage storage;
    private final BlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread writer;
    private final Map<String, Long> lastTimestamp = new HashMap<>();
    private volatile RuntimeException failure;
    private boolean closed;
    private final Router router = new Router();

    private StatsRecorder(Path file) {
        this.file = file;
        this.storage = new FileStatsStorage(file.toFile());
        this.writer = new Thread(this::drain, "ui-stats-writer " + file.getParent().getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens (creating or appending to) {@code runDir/ui-stats.bin}. */
    public static StatsRecorder open(Path runDir) {
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + runDir + ": " + e.getMessage(), e);
        }
        return new StatsRecorder(runDir.resolve(FILE));
    }

    public Path file() {
        return file;
    }

    /** The storage itself: attach it to a {@link UiServer} to watch it live. */
    public StatsStorage storage() {
        return storage;
    }

    /** Where a StatsListener (or the hand-written engine's publisher) sends its records. */
    public StatsStorageRouter router() {
        return router;
    }

    private void drain() {
        try {
            while (true) {
                Runnable r = queue.take();
                if (r == STOP) return;
                if (failure == null || r instanceof Marker) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Runnable STOP = () -> {};

    /** Runs even after a failure, so that {@link #sync} never waits forever. */
    private record Marker(CountDownLatch reached) implements Runnable {
        @Override
        public void run() {
            reached.countDown();
        }
    }

    /** Waits until every record queued so far is in the storage (and seen by the UIs attached to it). */
    public void sync() {
        CountDownLatch reached = new CountDownLatch(1);
        enqueue(new Marker(reached));
        try {
            reached.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing UI statistics to " + file, e);
        }
        RuntimeException f = failure;
        if (f != null) throw new IllegalStateException("cannot write UI statistics to " + file + ": " + f.getMessage(), f);
    }

    private void enqueue(Runnable r) {
        RuntimeException f = failure;
        if (f != null) throw new IllegalStateException("cannot write UI statistics to " + file + ": " + f.getMessage(), f);
        if (closed) throw new IllegalStateException(file + ": the statistics recorder is closed");
        try {
            queue.put(r);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing UI statistics for " + file, e);
        }
    }

    /** Writes what is queued and stops the writer; the storage stays open (and attached UIs keep showing it). */
    public synchronized void finish() {
        if (!closed) {
            closed = true;
            try {
                queue.put(STOP);
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw new IllegalStateException("cannot write UI statistics to " + file + ": " + failure.getMessage(), failure);
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public synchronized void close() {
        try {
            finish();
        } finally {
            if (!storage.isClosed()) storage.close();
        }
    }

    private final class Router implements StatsStorageRouter {
        @Override
        public void putStorageMetaData(StorageMetaData m) {
            enqueue(() -> storage.putStorageMetaData(m));
        }

        @Override
        public void putStorageMetaData(Collection<? extends StorageMetaData> ms) {
            for (StorageMetaData m : ms) putStorageMetaData(m);
        }

        @Override
        public void putStaticInfo(Persistable p) {
            enqueue(() -> storage.putStaticInfo(p));
        }

        @Override
        public void putStaticInfo(Collection<? extends Persistable> ps) {
            for (Persistable p : ps) putStaticInfo(p);
        }

        @Override
        public void putUpdate(Persistable p) {
            uniqueTimestamp(p);
            enqueue(() -> storage.putUpdate(p));
        }

        @Override
        public void putUpdate(Collection<? extends Persistable> ps) {
            for (Persistable p : ps) putUpdate(p);
        }

        private synchronized void uniqueTimestamp(Persistable p) {
            String key = p.getSessionID() + '\u0000' + p.getTypeID() + '\u0000' + p.getWorkerID();
            Long last = lastTimestamp.get(key);
            long t = p.getTimeStamp();
            if (last != null && t <= last && p instanceof StatsReport r) {
                t = last + 1;
                r.reportIDs(p.getSessionID(), p.getTypeID(), p.getWorkerID(), t);
            }
            lastTimestamp.put(key, Math.max(t, last == null ? t : last));
        }
    }
}
