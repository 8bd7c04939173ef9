package bplab.handwritten;

import bplab.ui.StatsTarget;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.ui.model.stats.BaseStatsListener;
import org.deeplearning4j.ui.model.stats.api.Histogram;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsInitializationReport;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsReport;
import org.deeplearning4j.ui.model.storage.impl.SbeStorageMetaData;

/**
 * Publishes the hand-written engine's training as DL4J's {@code StatsListener} would publish a
 * {@code MultiLayerNetwork}'s: the same record types, type id, parameter keys ({@code 0_W},
 * {@code 0_b}, ...) and schedule, so DL4J's UI draws both engines' sessions alike.
 *
 * <p>Per reported iteration: the score (mean loss + L2 penalty, before the update), each
 * parameter's learning rate, and for parameters (after the update), gradients and updates
 * the mean, standard deviation (n - 1, as ND4J's {@code std}), mean magnitude and a 20-bin
 * histogram. As in DL4J, "gradients" are the minibatch SUM of the per-example gradients
 * (what DL4J's listener sees before its updater divides by the batch size; no L2 term) and
 * "updates" are what was subtracted from the parameters. Activations are not published.
 *
 * <p>The model info is the equivalent DL4J {@code MultiLayerConfiguration} JSON, under a
 * class name ending in {@code MultiLayerNetwork}: that is what DL4J's model page parses to
 * draw the layers.
 */
final class UiStatsPublisher {
    /** DL4J's StatsListener default. */
    static final int HISTOGRAM_BINS = 20;
    /** Ends with MultiLayerNetwork so that the UI parses the model JSON as a MultiLayerConfiguration. */
    static final String MODEL_CLASS = "bplab.backprop.Network as MultiLayerNetwork";

    private final StatsTarget target;
    private final String modelJson;
    private final String precision;
    private final int[] sizes;
    private final double learningRate;
    private boolean initialised;
    private long initTime;
    private long lastReportTime;
    private boolean reportedBefore;
    private int examplesSinceReport;
    private int minibatchesSinceReport;
    private long totalExamples;
    private long totalMinibatches;
    private final Map<String, long[]> gcAtLastReport = new HashMap<>();

    UiStatsPublisher(StatsTarget target, String modelJson, int[] sizes, String precision, double learningRate) {
        this.target = target;
        this.modelJson = modelJson;
        this.sizes = sizes.clone();
        this.precision = precision;
        this.learningRate = learningRate;
    }

    StatsTarget target() {
        return target;
    }

    /** Publishes the initialisation report (model, software, hardware); once, before the first {@link #counted}. */
    void start() {
        if (!initialised) {
            initialised = true;
            initTime = System.currentTimeMillis();
            publishInit();
        }
    }

    /** Counts a finished iteration of {@code examples} examples (performance figures). */
    void counted(int examples) {
        start();
        examplesSinceReport += examples;
        minibatchesSinceReport++;
        totalExamples += examples;
        totalMinibatches++;
    }

    /**
     * One report. Arrays are indexed by layer; {@code params} hold the parameters after the
     * update, {@code gradients} the minibatch-summed gradients, {@code updates} what was subtracted.
     */
    void report(long iteration, double score, double[][] weights, double[][] biases, double[][] weightGradients,
                double[][] biasGradients, double[][] weightUpdates, double[][] biasUpdates) {
        long now = System.currentTimeMillis();
        SbeStatsReport r = new SbeStatsReport();
        r.reportIDs(target.sessionId(), BaseStatsListener.TYPE_ID, target.workerId(), now);
        double seconds = reportedBefore ? (now - lastReportTime) / 1000.0 : 0.0;
        r.reportPerformance(now - initTime, totalExamples, totalMinibatches,
                seconds > 0 ? examplesSinceReport / seconds : 0.0, seconds > 0 ? minibatchesSinceReport / seconds : 0.0);
        Runtime rt = Runtime.getRuntime();
        r.reportMemoryUse(rt.totalMemory(), rt.maxMemory(), 0L, 0L, null, null);
        reportGarbageCollection(r);
        r.reportScore(score);
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int l = 0; l < weights.length; l++) {
            rates.put(l + "_W", learningRate);
            rates.put(l + "_b", learningRate);
        }
        r.reportLearningRates(rates);
        summarise(r, StatsType.Parameters, weights, biases);
        summarise(r, StatsType.Gradients, weightGradients, biasGradients);
        summarise(r, StatsType.Updates, weightUpdates, biasUpdates);
        r.reportStatsCollectionDurationMS((int) (System.currentTimeMillis() - now));
        r.reportIterationCount((int) iteration);
        target.router().putUpdate(r);
        lastReportTime = now;
        reportedBefore = true;
        examplesSinceReport = 0;
        minibatchesSinceReport = 0;
    }

    private static void summarise(SbeStatsReport r, StatsType type, double[][] w, double[][] b) {
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> stdev = new LinkedHashMap<>();
        Map<String, Double> meanMagnitude = new LinkedHashMap<>();
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        for (int l = 0; l < w.length; l++) {
            for (String p : new String[] {"W", "b"}) {
                double[] v = p.equals("W") ? w[l] : b[l];
                Summary s = Summary.of(v, HISTOGRAM_BINS);
                String key = l + "_" + p;
                mean.put(key, s.mean);
                stdev.put(key, s.stdev);
                meanMagnitude.put(key, s.meanMagnitude);
                histograms.put(key, new Histogram(s.min, s.max, HISTOGRAM_BINS, s.counts));
            }
        }
        r.reportMean(type, mean);
        r.reportStdev(type, stdev);
        r.reportMeanMagnitudes(type, meanMagnitude);
        r.reportHistograms(type, histograms);
    }

    private void reportGarbageCollection(SbeStatsReport r) {
        List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
        for (GarbageCollectorMXBean bean : beans) {
            long count = bean.getCollectionCount();
            long ms = bean.getCollectionTime();
            long[] last = gcAtLastReport.put(bean.getName(), new long[] {count, ms});
            if (last != null) r.reportGarbageCollection(bean.getName(), (int) (count - last[0]), (int) (ms - last[1]));
        }
    }

    private void publishInit() {
        SbeStatsInitializationReport init = new SbeStatsInitializationReport();
        init.reportIDs(target.sessionId(), BaseStatsListener.TYPE_ID, target.workerId(), initTime);
        Runtime rt = Runtime.getRuntime();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("engine", "hand-written (bplab.backprop, plain Java)");
        init.reportSoftwareInfo(System.getProperty("os.arch"), System.getProperty("os.name"),
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                System.getProperty("java.specification.version"), "bplab.backprop (hand-written, plain Java)", precision,
                hostName(), ManagementFactory.getRuntimeMXBean().getName(), env);
        init.reportHardwareInfo(rt.availableProcessors(), 0, rt.maxMemory(), 0L, null, null, "");
        String[] names = new String[2 * (sizes.length - 1)];
        long params = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            names[2 * l] = l + "_W";
            names[2 * l + 1] = l + "_b";
            params += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        init.reportModelInfo(MODEL_CLASS, modelJson, names, sizes.length - 1, params);
        target.router().putStorageMetaData(new SbeStorageMetaData(initTime, target.sessionId(), BaseStatsListener.TYPE_ID,
                target.workerId(), SbeStatsInitializationReport.class, SbeStatsReport.class));
        target.router().putStaticInfo(init);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** Mean, sample standard deviation, mean |x|, range and histogram of one array. */
    static final class Summary {
        final double mean;
        final double stdev;
        final double meanMagnitude;
        final double min;
        final double max;
        final int[] counts;

        private Summary(double mean, double stdev, double meanMagnitude, double min, double max, int[] counts) {
            this.mean = mean;
            this.stdev = stdev;
            this.meanMagnitude = meanMagnitude;
            this.min = min;
            this.max = max;
            this.counts = counts;
        }

        static Summary of(double[] v, int bins) {
            int n = v.length;
            double sum = 0;
            double abs = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                sum += x;
                abs += Math.abs(x);
                if (x < min) min = x;
                if (x > max) max = x;
            }
            double mean = sum / n;
            double ss = 0;
            for (double x : v) ss += (x - mean) * (x - mean);
            double stdev = n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0;
            // equal-width bins over [min, max]; the maximum falls in the last bin
            int[] counts = new int[bins];
            double width = (max - min) / bins;
            for (double x : v) {
                int k = width > 0 ? (int) ((x - min) / width) : 0;
                counts[Math.min(Math.max(k, 0), bins - 1)]++;
            }
            return new Summary(mean, stdev, abs / n, min, max, counts);
        }
    }
}
