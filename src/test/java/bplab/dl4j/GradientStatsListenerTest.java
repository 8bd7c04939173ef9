package bplab.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import bplab.config.RunConfig;
import bplab.data.Minibatch;
import bplab.train.GradientStats;
import bplab.train.StepResult;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

class GradientStatsListenerTest {

    @ParameterizedTest
    @ValueSource(strings = {"ce_softmax", "mse_sigmoid", "mse_softmax", "mse_identity", "mse_tanh", "l2_sigmoid", "xent_sigmoid"})
    void listenerNormsEqualAnIndependentGradientComputation(String output) {
        int batch = 32;
        double lr = 0.3;
        RunConfig cfg = Dl4jTestSupport.config("model.dtype=double", "model.output=" + output,
                "data.train_limit=2000", "data.test_limit=100", "model.hidden=[{units: 20, activation: tanh}, {units: 15}]",
                "training.updater.learning_rate=" + lr);
        Minibatch mb = Dl4jTestSupport.realBatch(cfg, batch);
        try (Dl4jEngine engine = new Dl4jEngine(cfg)) {
            MultiLayerNetwork reference = engine.network().clone();
            DataSet ds = engine.toDataSet(mb.features(), mb.labels(), 0, batch);

            // Independent: DL4J's own gradient of the same batch, summed over examples, / batch.
            reference.setInput(ds.getFeatures());
            reference.setLabels(ds.getLabels());
            reference.computeGradientAndScore();
            Gradient g = reference.gradient();
            INDArray probabilities = reference.output(ds.getFeatures());

            StepResult step = engine.step(mb, true);
            GradientStats stats = step.stats();
            assertThat(stats).isNotNull();
            int layers = 3;
            for (int l = 0; l < layers; l++) {
                double w = g.getGradientFor(l + "_W").norm2Number().doubleValue() / batch;
                double b = g.getGradientFor(l + "_b").norm2Number().doubleValue() / batch;
                assertThat(stats.weightGradNorm()[l]).as("layer %d W", l).isCloseTo(w, within(1e-12 * Math.max(1, w)));
                assertThat(stats.biasGradNorm()[l]).as("layer %d b", l).isCloseTo(b, within(1e-12 * Math.max(1, b)));
                // Plain SGD: update = lr * mean gradient; ratio against the parameters after the step.
                INDArray after = engine.network().getParam(l + "_W");
                double expectedRatio = lr * w / after.norm2Number().doubleValue();
                assertThat(stats.updateRatio()[l]).isCloseTo(expectedRatio, within(1e-9 * expectedRatio));
            }
            assertThat(step.loss()).isCloseTo(reference.score(), within(1e-12));
            if (output.equals("ce_softmax")) {
                // dL/dz for softmax + cross-entropy is p - y: mean per-example norm.
                double expected = probabilities.sub(ds.getLabels()).norm2(1).sumNumber().doubleValue() / batch;
                assertThat(stats.outputDeltaNorm()).isCloseTo(expected, within(1e-12));
            }
            if (output.equals("mse_sigmoid")) {
                // dL/dz = 2 (a - y) / nOut .* a (1 - a)
                INDArray a = probabilities;
                INDArray delta = a.sub(ds.getLabels()).mul(2.0 / 10).mul(a.mul(a.rsub(1.0)));
                double expected = delta.norm2(1).sumNumber().doubleValue() / batch;
                assertThat(stats.outputDeltaNorm()).isCloseTo(expected, within(1e-12));
            }
            // For every output config: DL4J's own dL/dz from its loss function, at the pre-update parameters.
            org.deeplearning4j.nn.conf.layers.BaseOutputLayer outConf =
                    (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) reference.getOutputLayer().conf().getLayer();
            java.util.List<INDArray> acts = reference.feedForward(ds.getFeatures(), false);
            INDArray z = acts.get(layers - 1).mmul(reference.getParam((layers - 1) + "_W"))
                    .addRowVector(reference.getParam((layers - 1) + "_b"));
            INDArray dl4jDelta = outConf.getLossFn().computeGradient(ds.getLabels(), z.dup(), outConf.getActivationFn(), null);
            double dl4jNorm = dl4jDelta.norm2(1).sumNumber().doubleValue() / batch;
            assertThat(stats.outputDeltaNorm()).isCloseTo(dl4jNorm, within(1e-12 * Math.max(1, dl4jNorm)));
            assertThat(stats.outputDeltaNorm()).isPositive();
        }
    }

    /**
     * The float path: DL4J's float arrays, read by the listener, against the same quantities formed
     * in double from the network's own float values; and the L2 penalty split off DL4J's score.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ce_softmax", "xent_sigmoid", "mse_softmax"})
    void floatNetworkStatisticsMatchADoubleComputationAndTheScoreSplitsIntoLossAndPenalty(String output) {
        int batch = 20;
        double l2 = 1e-3;
        RunConfig cfg = Dl4jTestSupport.config("model.dtype=float", "model.output=" + output, "training.l2=" + l2,
                "data.train_limit=2000", "data.test_limit=100", "model.hidden=[{units: 16}]");
        Minibatch mb = Dl4jTestSupport.realBatch(cfg, batch);
        try (Dl4jEngine engine = new Dl4jEngine(cfg)) {
            MultiLayerNetwork net = engine.network();
            assertThat(net.params().dataType()).isEqualTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
            MultiLayerNetwork reference = net.clone();
            DataSet ds = engine.toDataSet(mb.features(), mb.labels(), 0, batch);
            double sumW2 = 0;
            for (int l = 0; l < 2; l++) {
                double n = reference.getParam(l + "_W").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).norm2Number().doubleValue();
                sumW2 += n * n;
            }
            reference.setInput(ds.getFeatures());
            reference.setLabels(ds.getLabels());
            reference.computeGradientAndScore();
            double[] gW = new double[2];
            for (int l = 0; l < 2; l++) {
                gW[l] = reference.gradient().getGradientFor(l + "_W").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                        .norm2Number().doubleValue() / batch;
            }
            // The output delta in double from the float network's hidden activations and parameters.
            INDArray h = reference.feedForward(ds.getFeatures(), false).get(1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            INDArray w = reference.getParam("1_W").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            INDArray b = reference.getParam("1_b").castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            INDArray y = ds.getLabels().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
            INDArray z = h.mmul(w).addRowVector(b);
            double expectedDelta = switch (output) {
                case "ce_softmax" -> Transforms.softmax(z, true).sub(y).norm2(1).meanNumber().doubleValue();
                // DL4J's XENT delta is a - y while sigmoid(z) stays inside [1e-5, 1 - 1e-5]
                case "xent_sigmoid" -> Transforms.sigmoid(z, true).sub(y).norm2(1).meanNumber().doubleValue();
                default -> {
                    // softmax + MSE: J^T g with g = 2 (p - y) / 10, row by row: p .* (g - p.g)
                    INDArray p = Transforms.softmax(z, true);
                    INDArray g = p.sub(y).muli(2.0 / 10);
                    INDArray pg = p.mul(g).sum(true, 1);
                    yield p.mul(g.subColumnVector(pg)).norm2(1).meanNumber().doubleValue();
                }
            };

            StepResult step = engine.step(mb, true);
            GradientStats stats = step.stats();
            for (int l = 0; l < 2; l++) {
                assertThat(stats.weightGradNorm()[l]).as("layer %d W", l).isCloseTo(gW[l], within(1e-6 * gW[l]));
            }
            assertThat(stats.outputDeltaNorm()).isCloseTo(expectedDelta, within(1e-5 * expectedDelta));
            // DL4J sums the 12,544 squared float weights in float: about 1e-6 relative from the double sum.
            assertThat(step.l2Penalty()).isCloseTo(0.5 * l2 * sumW2, within(1e-5 * 0.5 * l2 * sumW2)).isPositive();
            assertThat(step.loss() + step.l2Penalty()).as("DL4J's score").isCloseTo(reference.score(), within(1e-6));
            assertThat(step.loss()).as("the data loss alone").isCloseTo(reference.score() - 0.5 * l2 * sumW2, within(1e-5));
        }
    }

    /** The observer of the output layer's loss function never reaches a saved model, and keeps observing after a save. */
    @org.junit.jupiter.api.Test
    void savedModelsCarryDl4jsOwnLossFunction(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        RunConfig cfg = Dl4jTestSupport.config("model.output=xent_sigmoid", "data.train_limit=2000", "data.test_limit=100",
                "model.hidden=[{units: 16}]");
        Minibatch mb = Dl4jTestSupport.realBatch(cfg, 16);
        try (Dl4jEngine engine = new Dl4jEngine(cfg)) {
            java.nio.file.Path file = tmp.resolve("model.zip");
            engine.save(file);
            String json;
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
                json = new String(zip.getInputStream(zip.getEntry("configuration.json")).readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(json).contains("LossBinaryXENT").doesNotContain("DeltaRecordingLoss");
            MultiLayerNetwork restored = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(file.toFile());
            assertThat(restored.params()).isEqualTo(engine.network().params());
            StepResult step = engine.step(mb, true);
            assertThat(step.stats().outputDeltaNorm()).as("still recorded after the save").isPositive();
        }
    }
}
