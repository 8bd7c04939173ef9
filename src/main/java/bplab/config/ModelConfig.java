package bplab.config;

import java.util.List;

/**
 * The network: 784 inputs, the hidden layers in order, 10 outputs.
 *
 * @param hidden     hidden layers (default: one of 100 sigmoid units); may be empty
 * @param output     output activation + loss (default ce_softmax)
 * @param weightInit xavier | xavier_uniform | relu | lecun_normal | normal_unit (default xavier)
 * @param biasInit   zero | normal_unit (default zero)
 * @param dtype      float | double (default float)
 */
public record ModelConfig(List<HiddenLayerConfig> hidden, OutputConfig output, WeightInitKind weightInit,
                          BiasInitKind biasInit, Dtype dtype) {
    public ModelConfig {
        hidden = hidden == null ? List.of(new HiddenLayerConfig(100, ActivationKind.SIGMOID)) : List.copyOf(hidden);
        if (hidden.size() > 16) throw new ConfigException("hidden", hidden.size() + " layers", "at most 16 hidden layers");
        output = Check.orDefault(output, OutputConfig.CE_SOFTMAX);
        weightInit = Check.orDefault(weightInit, WeightInitKind.XAVIER);
        biasInit = Check.orDefault(biasInit, BiasInitKind.ZERO);
        dtype = Check.orDefault(dtype, Dtype.FLOAT);
    }

    public static ModelConfig defaults() {
        return new ModelConfig(null, null, null, null, null);
    }

    /** Layer widths from input to output, e.g. [784, 100, 10]. */
    public int[] layerSizes(int inputs, int outputs) {
        int[] sizes = new int[hidden.size() + 2];
        sizes[0] = inputs;
        for (int i = 0; i < hidden.size(); i++) sizes[i + 1] = hidden.get(i).units();
        sizes[sizes.length - 1] = outputs;
        return sizes;
    }
}
