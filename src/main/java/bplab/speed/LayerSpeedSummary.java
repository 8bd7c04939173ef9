package bplab.speed;

import bplab.report.Stats;
import bplab.speed.LayerSpeed.Engine;
import bplab.speed.LayerSpeed.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Speeds of several seeds and engines taken together: per engine and hidden layer the mean and
 * sample standard deviation over seeds, and per seed measured by both engines the largest
 * relative difference between their speeds.
 *
 * @param perEngine  per engine (in the order first measured), one {@link Stats} per hidden layer
 * @param agreements per seed measured by DL4J and the hand-written engine, in seed order as measured
 */
public record LayerSpeedSummary(List<Measurement> measurements, Map<Engine, Stats[]> perEngine,
                                List<Agreement> agreements) {

    /**
     * @param maxRelativeDifference largest {@code |s_dl4j - s_hand| / max(|s_dl4j|, |s_hand|)} over hidden layers
     * @param layer                 the hidden layer where it occurs (0 = first)
     */
    public record Agreement(long seed, double maxRelativeDifference, int layer) {}

    public static LayerSpeedSummary of(List<Measurement> measurements) {
        if (measurements.isEmpty()) throw new IllegalArgumentException("no measurements; expected at least one");
        int layers = measurements.get(0).speeds().length;
        for (Measurement m : measurements) {
            if (m.speeds().length != layers) {
                throw new IllegalArgumentException("measurements of " + layers + " and " + m.speeds().length
                        + " hidden layers; expected one network");
            }
        }
        Map<Engine, List<Measurement>> byEngine = new LinkedHashMap<>();
        for (Measurement m : measurements) byEngine.computeIfAbsent(m.engine(), e -> new ArrayList<>()).add(m);
        Map<Engine, Stats[]> perEngine = new LinkedHashMap<>();
        byEngine.forEach((engine, list) -> {
            Stats[] stats = new Stats[layers];
            for (int l = 0; l < layers; l++) {
                double[] v = new double[list.size()];
                for (int i = 0; i < v.length; i++) v[i] = list.get(i).speeds()[l];
                stats[l] = Stats.of(v);
            }
            perEngine.put(engine, stats);
        });
        List<Agreement> agreements = new ArrayList<>();
        for (Measurement d : byEngine.getOrDefault(Engine.DL4J, List.of())) {
            for (Measurement h : byEngine.getOrDefault(Engine.HANDWRITTEN, List.of())) {
                if (h.seed() != d.seed()) continue;
                int worstLayer = 0;
                double worst = 0;
                for (int l = 0; l < layers; l++) {
                    double r = LayerSpeed.relativeDifference(d.speeds()[l], h.speeds()[l]);
                    if (Double.isNaN(r) || r > worst) {
                        worst = r;
                        worstLayer = l;
                        if (Double.isNaN(r)) break;
                    }
                }
                agreements.add(new Agreement(d.seed(), worst, worstLayer));
            }
        }
        return new LayerSpeedSummary(List.copyOf(measurements), perEngine, List.copyOf(agreements));
    }

    /** The largest relative difference over all seeds (NaN if any is NaN), or NaN when no seed has both engines. */
    public double worstAgreement() {
        if (agreements.isEmpty()) return Double.NaN;
        double worst = 0;
        for (Agreement a : agreements) {
            if (Double.isNaN(a.maxRelativeDifference())) return Double.NaN;
            worst = Math.max(worst, a.maxRelativeDifference());
        }
        return worst;
    }
}
