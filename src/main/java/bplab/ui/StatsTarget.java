package bplab.ui;

import org.deeplearning4j.core.storage.StatsStorageRouter;

/**
 * Where and how often an engine publishes DL4J UI statistics ("StatsListener" records).
 *
 * @param router    receives the records (a {@link StatsRecorder}'s router)
 * @param sessionId the session the UI shows them under (one per run)
 * @param workerId  fixed per engine, so a resumed run continues the same worker's charts
 * @param every     report every N iterations, as DL4J's StatsListener counts them: iterations
 *                  N, 2N, ... (every iteration when N is 1)
 */
public record StatsTarget(StatsStorageRouter router, String sessionId, String workerId, int every) {
    public StatsTarget {
        if (every < 1) throw new IllegalArgumentException("every must be >= 1, found " + every);
        if (!SessionIds.isValid(sessionId)) throw new IllegalArgumentException("not a usable session id: '" + sessionId + "'");
    }

    /** Whether DL4J's StatsListener reports the iteration numbered {@code iteration} (0-based count before it). */
    public boolean reports(long iteration) {
        return every == 1 || (iteration > 0 && iteration % every == 0);
    }
}
