package dev.descent.data;

import dev.descent.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SHA-256 that a model's provenance records of its data: taken while the file is parsed, it must equal the hash
 * of the file's bytes as stored, computed here from {@link Files#readAllBytes}.
 */
class DataHashTest {

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A CSV of {@code rows} rows, several times the readers' 64 KiB buffers when large. */
    private static String csv(int rows) {
        Random random = new Random(rows);
        StringBuilder b = new StringBuilder("a,b,target\n");
        for (int i = 0; i < rows; i++) {
            b.append(random.nextGaussian()).append(',').append(random.nextGaussian()).append(',').append(i % 2).append('\n');
        }
        return b.toString();
    }

    @Test
    void csv_isHashedWhileParsed_smallAndLargerThanTheBuffers(@TempDir Path dir) throws Exception {
        for (int rows : new int[] {3, 20_000}) {
            Path file = Files.writeString(dir.resolve("d" + rows + ".csv"), csv(rows));
            Datasets.Hashed<Dataset> read = Datasets.openHashed(file.toString(), ReadOptions.target("target"));
            assertThat(read.rows().size()).isEqualTo(rows);
            assertThat(read.sha256()).isEqualTo(sha256(Files.readAllBytes(file)));
        }
    }

    /** The bytes as stored: a gzip file's compressed bytes, trailer included, which the parser never reads. */
    @Test
    void gzipFile_isHashedAsStored(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(csv(20_000).getBytes(StandardCharsets.UTF_8));
        }
        Path file = Files.write(dir.resolve("d.csv.gz"), bytes.toByteArray());
        Datasets.Hashed<Dataset> read = Datasets.openHashed(file.toString(), ReadOptions.target("target"));
        assertThat(read.rows().size()).isEqualTo(20_000);
        assertThat(read.sha256()).isEqualTo(sha256(bytes.toByteArray()));
    }

    @Test
    void libsvmFile_isHashed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("d.svm"), "1 1:0.5 3:2\n-1 2:1.5\n# a comment\n");
        Datasets.Hashed<Dataset> read = Datasets.openHashed(file.toString(), ReadOptions.target(null));
        assertThat(read.rows().size()).isEqualTo(2);
        assertThat(read.sha256()).isEqualTo(sha256(Files.readAllBytes(file)));
    }

    @Test
    void builtin_isTheHashOfTheEmbeddedCsv() throws Exception {
        byte[] embedded;
        try (InputStream in = BuiltinDatasets.class.getResourceAsStream("builtin/iris.csv")) {
            embedded = in.readAllBytes();
        }
        Datasets.Hashed<Dataset> read = Datasets.openHashed("builtin:iris", ReadOptions.target("target"));
        assertThat(read.sha256()).isEqualTo(sha256(embedded));
        assertThat(read.rows().x().bitEquals(BuiltinDatasets.load("iris", DType.FLOAT32).x())).isTrue();
    }

    @Test
    void dscFile_isHashedInAStreamingPass_andAConvertedCsvInTheConversionsFirstPass(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("d.csv"), csv(20_000));
        Path dsc = dir.resolve("d.dsc");
        String csvHash = CsvData.convertToDsc(csv, ReadOptions.target("target"), dsc);
        assertThat(csvHash).isEqualTo(sha256(Files.readAllBytes(csv)));
        String dscHash = sha256(Files.readAllBytes(dsc));
        assertThat(DscFile.open(dsc).sha256()).isEqualTo(dscHash);
        assertThat(Datasets.openHashed(dsc.toString(), ReadOptions.target("target")).sha256()).isEqualTo(dscHash);
    }

    @Test
    void aParseErrorIsStillReportedWithItsLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), "a,target\n1,0\nx,1\n");
        assertThatThrownBy(() -> Datasets.openHashed(file.toString(), ReadOptions.target("target")))
                .isInstanceOf(DataException.class)
                .hasMessage("bad.csv:3: column 1 (a): expected a number, got 'x'");
    }
}
