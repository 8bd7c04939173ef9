package backproplab.train;

import backproplab.config.RunConfig;
import backproplab.data.BatchOrder;
import backproplab.data.DataSplit;
import backproplab.data.Dataset;
import backproplab.data.Minibatch;
import backproplab.metrics.MetricsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine-independent training loop: seeded minibatch order, one step per minibatch,
 * metrics rows as they happen, evaluation after each epoch, the model saved after each epoch
 * (written to a temporary file, then renamed), and a stop at the first non-finite value.
 */
public final class TrainingLoop {
    public static final String MODEL_FILE = "model.zip";

    private final RunConfig config;
    private final DataSplit data;
    private final TrainingEngine engine;
    private final Path runDir;
    private final TrainingProgress progress;

    public TrainingLoop(RunConfig config, DataSplit data, TrainingEngine engine, Path runDir, TrainingProgress progress) {
        this.config = config;
        this.data = data;
        this.engine = engine;
        this.runDir = runDir;
        this.progress = progress;
    }

    public RunSummary run() {
        int layers = engine.layerSizes().length - 1;
        int batchSize = config.training().batchSize();
        int epochs = config.training().epochs();
        int every = config.logging().gradientNormsEvery();
        Dataset train = data.train();
        int batches = BatchOrder.batches(train.size(), batchSize);
        Minibatch batch = new Minibatch(batchSize);
        List<EpochRecord> records = new ArrayList<>();
        long iteration = 0;
        double trainNanos = 0;
        long wallStart = System.nanoTime();
        try (MetricsFiles metrics = new MetricsFiles(runDir, layers)) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                progress.epochStarted(epoch, epochs, batches);
                int[] order = BatchOrder.permutation(train.size(), config.seed(), epoch);
                double lossSum = 0;
                long epochStart = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    int start = b * batchSize;
                    int n = Math.min(batchSize, train.size() - start);
                    batch.fill(train, order, start, n);
                    boolean record = every > 0 && iteration % every == 0;
                    StepResult step = engine.step(batch, record);
                    metrics.iteration(iteration, epoch, n, step.loss(), step.stats());
                    checkFinite(iteration, epoch, step);
                    lossSum += step.loss() * n;
                    iteration++;
                    double elapsed = (System.nanoTime() - epochStart) / 1e9;
                    progress.iterationDone(epoch, b, step.loss(), (start + n) / Math.max(elapsed, 1e-9));
                }
                double epochNanos = System.nanoTime() - epochStart;
                trainNanos += epochNanos;
                Evaluation test = engine.evaluate(data.test());
                Evaluation validation = data.hasValidation() ? engine.evaluate(data.validation()) : null;
                EpochRecord record = new EpochRecord(epoch, iteration, lossSum / train.size(), test, validation,
                        epochNanos / 1e9, train.size() / (epochNanos / 1e9));
                metrics.epoch(record);
                records.add(record);
                saveModel();
                progress.epochFinished(record, epochs);
            }
        }
        int best = 0;
        for (int i = 1; i < records.size(); i++) {
            if (records.get(i).test().accuracy() > records.get(best).test().accuracy()) best = i;
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double trainSeconds = trainNanos / 1e9;
        EpochRecord last = records.get(records.size() - 1);
        return new RunSummary(records, last.test(), best, records.get(best).test().accuracy(), iteration,
                trainSeconds, wall, (double) train.size() * epochs / trainSeconds);
    }

    private void checkFinite(long iteration, int epoch, StepResult step) {
        String bad = null;
        if (!Double.isFinite(step.loss())) bad = "the minibatch loss is " + step.loss();
        else if (step.stats() != null) bad = step.stats().firstNonFinite();
        if (bad != null) {
            throw new DivergenceException(iteration, epoch, bad,
                    "Try a lower training.updater.learning_rate (now " + config.training().updater().learningRate()
                            + "), or another model.output (now " + config.model().output().yamlName()
                            + "); the metrics up to this iteration are in " + runDir);
        }
    }

    private void saveModel() {
        Path target = runDir.resolve(MODEL_FILE);
        Path tmp = runDir.resolve(MODEL_FILE + ".tmp");
        try {
            engine.save(tmp);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + target + ": " + e.getMessage(), e);
        }
    }
}
