package bplab.dl4j;

import bplab.config.ConfigLoader;
import bplab.config.RunConfig;
import bplab.data.BatchOrder;
import bplab.data.DataSplit;
import bplab.data.Minibatch;
import java.nio.file.Path;
import java.util.List;

final class Dl4jTestSupport {
    private Dl4jTestSupport() {}

    static RunConfig config(String... overrides) {
        return new ConfigLoader().load(Path.of("config/ce-softmax.yaml"),
                List.of(overrides));
    }

    /** A minibatch of real MNIST training examples in the run's shuffled order. */
    static Minibatch realBatch(RunConfig cfg, int size) {
        DataSplit data = DataSplit.load(cfg.data(), null);
        int[] order = BatchOrder.permutation(data.train().size(), cfg.seed(), 0);
        return new Minibatch(size).fill(data.train(), order, 0, size);
    }
}
