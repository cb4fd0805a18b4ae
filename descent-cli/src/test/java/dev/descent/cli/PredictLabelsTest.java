package dev.descent.cli;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.descent.cli.Cli.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code predict} writes class labels as the CSV it read them from may hold them: a label with a comma or a quote is
 * quoted (RFC 4180, as the reader takes it), so that the predictions read back as one field per column.
 */
class PredictLabelsTest {

    @Test
    void labelsWithCommasAndQuotes_readBackAsTheyWereWritten(@TempDir Path dir) throws IOException {
        // three classes, one row each, far apart: the labels are 'plain', 'a,b' and 'say "hi"'
        Path csv = Files.writeString(dir.resolve("labels.csv"),
                "x1,x2,target\n0,0,plain\n5,0,\"a,b\"\n0,5,\"say \"\"hi\"\"\"\n");
        Path model = dir.resolve("m");
        ok("train", "--data", csv.toString(), "--optimizer", "adam(lr=0.1)", "--epochs", "200", "--batch-size", "full",
                "--quiet", "--out", model.toString());
        Path predictions = dir.resolve("p.csv");
        ok("predict", "--model", model.toString(), "--data", csv.toString(), "--out", predictions.toString());

        // classes in String order: "a,b" < "plain" < "say \"hi\""
        assertThat(Files.readAllLines(predictions).getFirst()).isEqualTo("prediction,\"p_a,b\",p_plain,\"p_say \"\"hi\"\"\"");
        List<List<String>> rows;
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(predictions)) {
            rows = reader.stream().map(CsvRecord::getFields).toList();
        }
        assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r).hasSize(4));
        assertThat(rows.getFirst()).containsExactly("prediction", "p_a,b", "p_plain", "p_say \"hi\"");
        // each row's prediction is its own label: the model separates the three points
        assertThat(rows.subList(1, 4)).extracting(List::getFirst).containsExactly("plain", "a,b", "say \"hi\"");
    }
}
