/**
 * Runs an experiment's cells as Apache Spark tasks ({@code experiment --spark MASTER}): one task
 * per pending cell, the data shipped from the driver as a checksummed broadcast, each cell
 * trained into a task-local directory and returned zipped, and written into the experiment
 * directory by the driver with a rename. Nothing outside this package (and the command layer's
 * hook) loads a Spark class, so runs without {@code --spark} do not pay for it.
 */
package bplab.spark;
