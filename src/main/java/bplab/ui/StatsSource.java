package bplab.ui;

/** A training engine that can publish the statistics DL4J's training UI shows. */
public interface StatsSource {
    /**
     * Sends the session's initialisation report (the model description) to {@code target} at once,
     * so that a UI shows the session before the first iteration, and from the next iteration on a
     * report at each iteration it {@link StatsTarget#reports}.
     */
    void publishStats(StatsTarget target);
}
