package bplab.backprop;

/**
 * Parameter updaters as DL4J 1.0.0-M2.1 applies them. An updater turns the (mean, L2-regularised)
 * gradient g into the update u in place; the trainer then sets theta = theta - u.
 */
public sealed interface Updater permits Updater.Sgd, Updater.Nesterovs, Updater.Adam {

    /** A fresh state for a parameter array of this length, iteration 0. */
    UpdaterState newState(int length);

    /**
     * Overwrites g[from, to) with the update u; theta -= u is left to the caller.
     * Uses state.iteration() as DL4J's iteration count; does not advance it.
     */
    default void toUpdate(double[] g, UpdaterState state, int from, int to) {
        toUpdate(g, from, state, from, to - from);
    }

    /**
     * As above for n values whose gradient starts at g[gFrom] and whose state starts at sFrom in the
     * state arrays (for gradients held in another layout than the state, e.g. by column block).
     */
    void toUpdate(double[] g, int gFrom, UpdaterState state, int sFrom, int n);

    /** u = eta g. */
    record Sgd(double learningRate) implements Updater {
        public Sgd {
            requirePositive(learningRate, "learningRate");
        }

        @Override
        public UpdaterState newState(int length) {
            return new UpdaterState(length);
        }

        @Override
        public void toUpdate(double[] g, int gFrom, UpdaterState state, int sFrom, int n) {
            double eta = learningRate;
            for (int i = gFrom; i < gFrom + n; i++) {
                g[i] = eta * g[i];
            }
        }
    }

    /**
     * DL4J's Nesterov momentum: v_t = mu v_{t-1} - eta g; u = mu v_{t-1} - (1 + mu) v_t, so the first
     * step (v_0 = 0) is u = (1 + mu) eta g. State "v".
     */
    record Nesterovs(double learningRate, double momentum) implements Updater {
        public Nesterovs {
            requirePositive(learningRate, "learningRate");
            if (!(momentum >= 0.0 && momentum < 1.0)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), found " + momentum);
            }
        }

        @Override
        public UpdaterState newState(int length) {
            return new UpdaterState(length, "v");
        }

        @Override
        public void toUpdate(double[] g, int gFrom, UpdaterState state, int sFrom, int n) {
            double[] v = state.get("v");
            double mu = momentum;
            double eta = learningRate;
            for (int q = 0; q < n; q++) {
                int i = gFrom + q;
                int s = sFrom + q;
                double vPrev = v[s];
                v[s] = mu * vPrev - eta * g[i];
                g[i] = mu * vPrev - (1.0 + mu) * v[s];
            }
        }
    }

    /**
     * DL4J's Adam with t = iteration + 1: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * alpha_t = eta sqrt(1 - b2^t) / (1 - b1^t); u = alpha_t m / (sqrt(v) + eps).
     * eps is added to the raw sqrt(v), not to the bias-corrected one. States "m", "v".
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Updater {
        public Adam {
            requirePositive(learningRate, "learningRate");
            if (!(beta1 >= 0.0 && beta1 < 1.0)) {
                throw new IllegalArgumentException("beta1 must be in [0, 1), found " + beta1);
            }
            if (!(beta2 >= 0.0 && beta2 < 1.0)) {
                throw new IllegalArgumentException("beta2 must be in [0, 1), found " + beta2);
            }
            requirePositive(epsilon, "epsilon");
        }

        /** DL4J's defaults: eta 1e-3, beta1 0.9, beta2 0.999, eps 1e-8. */
        public Adam(double learningRate) {
            this(learningRate, 0.9, 0.999, 1e-8);
        }

        @Override
        public UpdaterState newState(int length) {
            return new UpdaterState(length, "m", "v");
        }

        @Override
        public void toUpdate(double[] g, int gFrom, UpdaterState state, int sFrom, int n) {
            double[] m = state.get("m");
            double[] v = state.get("v");
            int t = state.iteration() + 1;
            double b1 = beta1;
            double b2 = beta2;
            double alphaT = learningRate * Math.sqrt(1.0 - Math.pow(b2, t)) / (1.0 - Math.pow(b1, t));
            for (int q = 0; q < n; q++) {
                int i = gFrom + q;
                int s = sFrom + q;
                double gi = g[i];
                m[s] = b1 * m[s] + (1.0 - b1) * gi;
                v[s] = b2 * v[s] + (1.0 - b2) * gi * gi;
                g[i] = alphaT * m[s] / (Math.sqrt(v[s]) + epsilon);
            }
        }
    }

    private static void requirePositive(double x, String name) {
        if (!(x > 0.0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, found " + x);
        }
    }
}
