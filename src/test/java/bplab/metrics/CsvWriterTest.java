package bplab.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvWriterTest {
    @TempDir
    Path dir;

    @Test
    void aNonFiniteValueIsWrittenAsItIsAndOnlyNullIsEmpty() {
        assertThat(CsvWriter.format(null)).isEmpty();
        assertThat(CsvWriter.format(Double.NaN)).isEqualTo("NaN");
        assertThat(CsvWriter.format(Float.NaN)).isEqualTo("NaN");
        assertThat(CsvWriter.format(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(CsvWriter.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(CsvWriter.format(0.1)).isEqualTo("0.1");
        assertThat(CsvWriter.format(3L)).isEqualTo("3");
    }

    @Test
    void rowsKeepNotMeasuredApartFromNaN() throws IOException {
        Path file = dir.resolve("t.csv");
        try (CsvWriter w = new CsvWriter(file, List.of("a", "b", "c", "d"))) {
            w.row(1, null, Double.NaN, Double.POSITIVE_INFINITY);
        }
        assertThat(Files.readAllLines(file)).containsExactly("a,b,c,d", "1,,NaN,Infinity");
    }
}
