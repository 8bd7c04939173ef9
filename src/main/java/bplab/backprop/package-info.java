/**
 * A hand-written backpropagation engine for dense networks, matching DeepLearning4J 1.0.0-M2.1's
 * formulas (loss scaling, clipping, updaters, L2) in double. Depends on java.* only.
 * See docs/backprop.md for the derivation.
 */
package bplab.backprop;
