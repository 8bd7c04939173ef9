package bplab.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Where the driver listens: loopback when the master is on this machine only, Spark's choice otherwise. */
class SparkConfTest {
    private static SparkConf conf(String master, Map<String, String> settings) throws Exception {
        return new SparkCells(master, settings, c -> { throw new AssertionError("no engine is built here"); }).conf("t");
    }

    @Test
    void aDriverForALocalOrLoopbackMasterListensOnLoopbackOnly() throws Exception {
        for (String master : new String[] {"local[2]", "local[*]", "spark://127.0.0.1:7077", "spark://localhost:7077"}) {
            SparkConf conf = conf(master, Map.of());
            assertThat(conf.get("spark.driver.host")).as(master).isEqualTo("127.0.0.1");
            assertThat(conf.get("spark.driver.bindAddress")).as(master).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aDriverForAClusterElsewhereIsLeftToSparkAndTheUserWins() throws Exception {
        SparkConf remote = conf("spark://10.0.0.5:7077", Map.of());
        assertThat(remote.contains("spark.driver.host")).isFalse();
        assertThat(remote.contains("spark.driver.bindAddress")).isFalse();
        SparkConf chosen = conf("local[2]", Map.of("spark.driver.host", "10.0.0.7"));
        assertThat(chosen.get("spark.driver.host")).isEqualTo("10.0.0.7");
    }

    @Test
    void loopbackMastersAreRecognisedByHost() {
        assertThat(SparkCells.loopbackMaster("spark://127.0.0.2:7077")).isTrue();
        assertThat(SparkCells.loopbackMaster("spark://192.168.1.4:7077")).isFalse();
        assertThat(SparkCells.loopbackMaster("spark://127.0.0.1:7077,127.0.0.1:7078")).isFalse();
        assertThat(SparkCells.loopbackMaster("yarn")).isFalse();
    }
}
