package bplab.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import bplab.config.ActivationKind;
import bplab.config.ConfigLoader;
import bplab.config.DataConfig;
import bplab.config.HiddenLayerConfig;
import bplab.config.RunConfig;
import bplab.config.TrainingConfig;
import bplab.config.UpdaterConfig;
import bplab.config.UpdaterType;

/**
 * What README's config reference and the config records promise of every config that loads: each
 * value present (defaults filled in) and within its documented range, and {@code config.yaml} (the
 * resolved config a run writes) loading back as the same config.
 */
final class ConfigInvariants {
    private ConfigInvariants() {}

    static void check(RunConfig c, ConfigLoader loader, String label) {
        assertThat(c.name()).as(label).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
        assertThat(c.seed()).as(label).isNotNull();
        assertThat(c.engine()).as(label).isNotNull();
        assertThat(c.handwritten().deltaRule()).as(label).isNotNull();

        DataConfig d = c.data();
        assertThat(d.dataset()).as(label).isNotNull();
        assertThat(d.dir()).as(label).isNotBlank();
        assertThat(d.trainLimit()).as(label + ": data.train_limit").isPositive();
        assertThat(d.testLimit()).as(label + ": data.test_limit").isPositive();
        assertThat(d.validation()).as(label + ": data.validation").isBetween(0, d.trainLimit() - 1);

        assertThat(c.model().hidden()).as(label + ": model.hidden").hasSizeLessThanOrEqualTo(16).doesNotContainNull();
        for (HiddenLayerConfig h : c.model().hidden()) {
            assertThat(h.units()).as(label + ": units").isBetween(1, 100_000);
            assertThat(h.activation()).as(label).isNotNull().isNotEqualTo(ActivationKind.SOFTMAX);
        }
        assertThat(c.model().output()).as(label).isNotNull();
        assertThat(c.model().weightInit()).as(label).isNotNull();
        assertThat(c.model().biasInit()).as(label).isNotNull();
        assertThat(c.model().dtype()).as(label).isNotNull();

        TrainingConfig t = c.training();
        assertThat(t.epochs()).as(label + ": training.epochs").isBetween(1, 10_000);
        assertThat(t.batchSize()).as(label + ": training.batch_size").isBetween(1, 60_000);
        assertThat(t.l2()).as(label + ": training.l2").isNotNull().isFinite().isGreaterThanOrEqualTo(0.0);
        assertThat(t.checkpointEvery()).as(label + ": training.checkpoint_every").isNotNull().isNotNegative();
        UpdaterConfig u = t.updater();
        assertThat(u.type()).as(label).isNotNull();
        assertThat(u.learningRate()).as(label + ": learning_rate").isNotNull().isFinite().isPositive();
        if (u.type() == UpdaterType.NESTEROV) {
            assertThat(u.momentum()).as(label + ": momentum").isNotNull().isStrictlyBetween(0.0, 1.0);
        } else {
            assertThat(u.momentum()).as(label + ": momentum without nesterov").isNull();
        }
        if (u.type() == UpdaterType.ADAM) {
            assertThat(u.beta1()).as(label + ": beta1").isNotNull().isStrictlyBetween(0.0, 1.0);
            assertThat(u.beta2()).as(label + ": beta2").isNotNull().isStrictlyBetween(0.0, 1.0);
            assertThat(u.epsilon()).as(label + ": epsilon").isNotNull().isFinite().isPositive();
        } else {
            assertThat(u.beta1()).as(label).isNull();
            assertThat(u.beta2()).as(label).isNull();
            assertThat(u.epsilon()).as(label).isNull();
        }

        assertThat(c.logging().gradientNormsEvery()).as(label + ": logging.gradient_norms_every").isNotNegative();
        assertThat(c.logging().outDir()).as(label).isNotBlank();
        assertThat(c.logging().ui().enabled()).as(label + ": logging.ui.enabled").isNotNull();
        assertThat(c.logging().ui().host()).as(label + ": logging.ui.host").isNotBlank().isEqualTo(c.logging().ui().host().strip());
        assertThat(c.logging().ui().port()).as(label + ": logging.ui.port").isBetween(0, 65_535);
        assertThat(c.logging().ui().every()).as(label + ": logging.ui.every").isPositive();

        String yaml = loader.toYaml(c);
        assertThat(loader.parse("config.yaml", yaml)).as(label + ": config.yaml loads back as the same config:\n" + yaml)
                .isEqualTo(c);
    }
}
