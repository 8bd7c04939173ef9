package bplab.cli;

import bplab.train.EpochRecord;
import bplab.train.TrainingProgress;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a live bar within each epoch when the console is a terminal,
 * otherwise a few plain lines per epoch so CI logs stay readable. One line per epoch either way.
 */
final class ConsoleProgress implements TrainingProgress {
    private static final int PLAIN_LINES_PER_EPOCH = 4;

    private final PrintWriter out;
    private final boolean bar;
    private ProgressBar current;
    private int batches;
    private int nextPlain;

    ConsoleProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.bar = terminal;
    }

    static boolean stdoutIsTerminal() {
        return System.console() != null;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        this.batches = batches;
        this.nextPlain = batches / PLAIN_LINES_PER_EPOCH;
        if (bar) {
            current = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs))
                    .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .continuousUpdate().build();
        }
    }

    @Override
    public void iterationDone(int epoch, int batchInEpoch, double loss, double examplesPerSecond) {
        if (current != null) {
            current.stepTo(batchInEpoch + 1);
            current.setExtraMessage(String.format(Locale.ROOT, " loss %.4f  %,.0f ex/s", loss, examplesPerSecond));
        } else if (!bar && nextPlain > 0 && batchInEpoch + 1 == nextPlain && batchInEpoch + 1 < batches) {
            out.printf(Locale.ROOT, "  epoch %d: %d/%d minibatches, loss %.4f, %,.0f examples/s%n",
                    epoch + 1, batchInEpoch + 1, batches, loss, examplesPerSecond);
            out.flush();
            nextPlain += Math.max(1, batches / PLAIN_LINES_PER_EPOCH);
        }
    }

    @Override
    public void epochFinished(EpochRecord r, int epochs) {
        if (current != null) {
            current.close();
            current = null;
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "epoch %d/%d  train loss %.4f  test loss %.4f  test acc %.2f%%",
                r.epoch() + 1, epochs, r.trainLoss(), r.test().loss(), 100 * r.test().accuracy()));
        if (r.validation() != null) {
            sb.append(String.format(Locale.ROOT, "  val acc %.2f%%", 100 * r.validation().accuracy()));
        }
        sb.append(String.format(Locale.ROOT, "  %.1fs  %,.0f ex/s", r.seconds(), r.examplesPerSecond()));
        out.println(sb);
        out.flush();
    }
}
