package bplab.cli;

import bplab.config.RunConfig;
import bplab.experiment.CellExecutor;
import bplab.spark.SparkCells;
import bplab.train.TrainingEngine;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code experiment --spark MASTER}: the only class of the command layer that touches
 * {@code bplab.spark}, loaded only when the option is given, so that commands without it never
 * load a Spark class.
 */
final class SparkOption {
    /** What Spark accepts as a master here: local[N], a standalone cluster, YARN, Kubernetes. */
    private static final Pattern MASTER = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\])?|spark://\\S+|yarn|k8s://\\S+");

    private SparkOption() {}

    static boolean validMaster(String master) {
        return MASTER.matcher(master).matches();
    }

    /** Whether Apache Spark's classes are on the class path (target/spark-lib; the launcher adds it for --spark). */
    static boolean sparkPresent() {
        try {
            Class.forName("org.apache.spark.SparkConf", false, SparkOption.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static CellExecutor executor(String master, Map<String, String> settings) {
        return new SparkCells(master, settings, new ShippableEngines());
    }

    /** The command layer's engine choice, serialisable so that executors build the same engines. */
    static final class ShippableEngines implements SparkCells.Engines {
        private static final long serialVersionUID = 1L;

        @Override
        public TrainingEngine create(RunConfig config) {
            return Engines.create(config);
        }
    }
}
