package bplab.ui;

/** A training engine that can publish the statistics DL4J's training UI shows. */
public interface StatsSource {
    /** From the next iteration on, sends a report to {@code target} at each iteration it {@link StatsTarget#reports}. */
    void publishStats(StatsTarget target);
}
