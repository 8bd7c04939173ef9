package bplab.train;

import bplab.config.RunConfig;
import bplab.data.BatchOrder;
import bplab.data.DataSplit;
import bplab.data.Dataset;
import bplab.data.Minibatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The engine-independent training loop: seeded minibatch order, one step per minibatch,
 * metrics rows as they happen, evaluation after each epoch, the model saved after each epoch
 * (written to a temporary file, then renamed), checkpoints every {@code checkpoint_every}
 * epochs and on request, and a stop at the first non-finite value.
 */
public final class TrainingLoop {
    public static final String MODEL_FILE = "model.zip";

    private final RunConfig config;
    private final DataSplit data;
    private final TrainingEngine engine;
    private final Path runDir;
    private final TrainingProgress progress;
    private Checkpoint resumeFrom;
    private BooleanSupplier stopRequested = () -> false;

    public TrainingLoop(RunConfig config, DataSplit data, TrainingEngine engine, Path runDir, TrainingProgress progress) {
        this.config = config;
        this.data = data;
        this.engine = engine;
        this.runDir = runDir;
        this.progress = progress;
    }

    /** Continue from this checkpoint instead of starting fresh. */
    public TrainingLoop resumingFrom(Checkpoint checkpoint) {
        this.resumeFrom = checkpoint;
        return this;
    }

    /** Polled after every iteration; when true the loop checkpoints and throws {@link RunInterruptedException}. */
    public TrainingLoop stopWhen(BooleanSupplier stopRequested) {
        this.stopRequested = stopRequested;
        return this;
    }

    public RunSummary run() {
        int layers = engine.layerSizes().length - 1;
        int batchSize = config.training().batchSize();
        int epochs = config.training().epochs();
        int every = config.logging().gradientNormsEvery();
        int checkpointEvery = config.training().checkpointEvery();
        Dataset train = data.train();
        int batches = BatchOrder.batches(train.size(), batchSize);
        Minibatch batch = new Minibatch(batchSize);
        List<EpochRecord> records = new ArrayList<>();
        long iteration = 0;
        int firstEpoch = 0;
        int firstBatch = 0;
        double carriedLoss = 0;
        double carriedPenalty = 0;
        double carriedSeconds = 0;
        long wallStart = System.nanoTime();
        MetricsFiles opened;
        if (resumeFrom != null) {
            restore();
            iteration = resumeFrom.iteration();
            firstEpoch = resumeFrom.epoch();
            firstBatch = resumeFrom.nextBatch();
            carriedLoss = resumeFrom.epochLossSum();
            carriedPenalty = resumeFrom.epochPenaltySum();
            carriedSeconds = resumeFrom.epochSeconds();
            opened = MetricsFiles.resume(runDir, layers, iteration, firstEpoch);
            records.addAll(MetricsFiles.readEpochs(runDir));
        } else {
            opened = MetricsFiles.create(runDir, layers);
        }
        try (MetricsFiles metrics = opened) {
            for (int epoch = firstEpoch; epoch < epochs; epoch++) {
                progress.epochStarted(epoch, epochs, batches);
                int[] order = BatchOrder.permutation(train.size(), config.seed(), epoch);
                int startBatch = epoch == firstEpoch ? firstBatch : 0;
                double lossSum = epoch == firstEpoch ? carriedLoss : 0;
                double penaltySum = epoch == firstEpoch ? carriedPenalty : 0;
                double priorSeconds = epoch == firstEpoch ? carriedSeconds : 0;
                long epochStart = System.nanoTime();
                for (int b = startBatch; b < batches; b++) {
                    int start = b * batchSize;
                    int n = Math.min(batchSize, train.size() - start);
                    batch.fill(train, order, start, n);
                    boolean record = every > 0 && iteration % every == 0;
                    StepResult step;
                    try {
                        step = engine.step(batch, record);
                    } catch (UndefinedStepException e) {
                        throw new DivergenceException(iteration, epoch, e.getMessage(), e.advice()
                                + "; the metrics up to this iteration are in " + runDir);
                    }
                    metrics.iteration(iteration, epoch, n, step);
                    checkFinite(iteration, epoch, step);
                    lossSum += step.loss() * n;
                    penaltySum += step.l2Penalty() * n;
                    iteration++;
                    double elapsed = (System.nanoTime() - epochStart) / 1e9;
                    progress.iterationDone(epoch, b, step.loss(), (start + n - startBatch * batchSize) / Math.max(elapsed, 1e-9));
                    if (stopRequested.getAsBoolean()) {
                        Checkpoint c = checkpoint(epoch, b + 1, iteration, lossSum, penaltySum, priorSeconds + elapsed);
                        throw new RunInterruptedException(runDir, c);
                    }
                }
                double epochSeconds = priorSeconds + (System.nanoTime() - epochStart) / 1e9;
                Evaluation test = engine.evaluate(data.test());
                Evaluation validation = data.hasValidation() ? engine.evaluate(data.validation()) : null;
                EpochRecord record = new EpochRecord(epoch, iteration, lossSum / train.size(), penaltySum / train.size(),
                        test, validation,
                        epochSeconds, train.size() / epochSeconds);
                metrics.epoch(record);
                records.add(record);
                saveModel();
                if (checkpointEvery > 0 && ((epoch + 1) % checkpointEvery == 0 || epoch + 1 == epochs)) {
                    checkpoint(epoch + 1, 0, iteration, 0, 0, 0);
                }
                progress.epochFinished(record, epochs);
                if (stopRequested.getAsBoolean() && epoch + 1 < epochs) {
                    throw new RunInterruptedException(runDir, checkpoint(epoch + 1, 0, iteration, 0, 0, 0));
                }
            }
        }
        int best = 0;
        double trainSeconds = 0;
        for (int i = 0; i < records.size(); i++) {
            trainSeconds += records.get(i).seconds();
            if (records.get(i).test().accuracy() > records.get(best).test().accuracy()) best = i;
        }
        double wall = (System.nanoTime() - wallStart) / 1e9;
        EpochRecord last = records.get(records.size() - 1);
        return new RunSummary(records, last.test(), best, records.get(best).test().accuracy(), iteration,
                trainSeconds, wall, (double) train.size() * epochs / trainSeconds);
    }

    private void restore() {
        try {
            engine.restoreState(runDir.resolve(resumeFrom.stateFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore the checkpoint " + runDir.resolve(resumeFrom.stateFile())
                    + ": " + e.getMessage(), e);
        }
    }

    private Checkpoint checkpoint(int epoch, int nextBatch, long iteration, double lossSum, double penaltySum,
                                  double seconds) {
        try {
            return Checkpoint.write(runDir, engine, epoch, nextBatch, iteration, lossSum, penaltySum, seconds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + runDir + ": " + e.getMessage(), e);
        }
    }

    private void checkFinite(long iteration, int epoch, StepResult step) {
        String bad = null;
        if (!Double.isFinite(step.loss()) || !Double.isFinite(step.l2Penalty())) {
            bad = "the minibatch loss is " + step.loss() + (step.l2Penalty() == 0 ? "" : " (L2 penalty " + step.l2Penalty() + ")");
            String where = engine.firstNonFiniteParameter();
            if (where != null) bad += " and " + where + " holds NaN or infinity";
        } else if (step.stats() != null) {
            bad = step.stats().firstNonFinite();
        }
        if (bad != null) {
            throw new DivergenceException(iteration, epoch, bad,
                    "Try a lower training.updater.learning_rate (now " + config.training().updater().learningRate()
                            + "), or another model.output (now " + config.model().output().yamlName()
                            + "); the metrics up to this iteration are in " + runDir
                            + (Checkpoint.exists(runDir) ? ", the last good checkpoint in " + runDir.resolve(Checkpoint.FILE) : ""));
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
