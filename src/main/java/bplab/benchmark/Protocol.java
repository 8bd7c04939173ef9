package bplab.benchmark;

/**
 * How a benchmark times its variants: {@code warmup} untimed minibatches per variant, then
 * {@code rounds} rounds in each of which every variant trains {@code iterations} minibatches in
 * turn, so all variants see the same machine state.
 */
public record Protocol(int warmup, int rounds, int iterations) {
    public Protocol {
        if (iterations <= 0 || rounds <= 0 || warmup < 0) {
            throw new IllegalArgumentException("expected warmup >= 0 and positive rounds and iterations; found "
                    + warmup + ", " + rounds + ", " + iterations);
        }
    }
}
