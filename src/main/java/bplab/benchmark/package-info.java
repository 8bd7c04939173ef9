/**
 * The {@code benchmark} use case: training throughput of engine variants measured side by side
 * in one process (interleaved timed rounds), and over a grid of layer widths and batch sizes.
 * Depends on the engines ({@code dl4j}, {@code handwritten}), {@code train}, {@code data} and
 * {@code config}; the command layer only parses options and prints what it returns.
 */
package bplab.benchmark;
