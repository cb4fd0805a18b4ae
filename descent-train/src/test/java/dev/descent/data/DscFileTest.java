package dev.descent.data;

import dev.descent.model.Sequential;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import dev.descent.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DscFileTest {

    @Test
    void writeThenOpen_givesTheSameRowsAndMetadata(@TempDir Path dir) {
        Dataset wine = BuiltinDatasets.load("wine", DType.FLOAT32);
        Path file = dir.resolve("wine.dsc");
        DscFile.write(file, wine);
        DscFile dsc = DscFile.open(file);
        assertThat(dsc.size()).isEqualTo(178);
        assertThat(dsc.features()).isEqualTo(13);
        assertThat(dsc.featureNames()).isEqualTo(wine.featureNames());
        assertThat(dsc.classes()).isEqualTo(wine.classes());
        assertThat(dsc.task()).isEqualTo(Task.MULTICLASS);
        Dataset back = dsc.readAll();
        assertThat(back.x().bitEquals(wine.x())).isTrue();
        assertThat(back.y().bitEquals(wine.y())).isTrue();
        assertThat(Datasets.open(file.toString(), ReadOptions.target("target")).x().bitEquals(wine.x())).isTrue();
        assertThat(dir.toFile().list()).containsExactly("wine.dsc");
    }

    /** Two rows of one feature: x = 1.5, 2; classes 0, 1; weights 0.25, 3 when weighted. */
    private static Dataset twoRows() {
        return new Dataset(Tensor.of(new double[] {1.5, 2}, 2, 1).to(DType.FLOAT32), Tensor.vector(0, 1).to(DType.FLOAT32),
                List.of("a"), "y", Task.BINARY, List.of("0", "1"), "two.csv");
    }

    /**
     * The bytes of a file, laid out by hand: "DSC1", the header's length (int32 LE), the header, zeros up to x_offset,
     * then float32 LE features, targets and weights.
     */
    private static byte[] layout(String header, int xOffset, float... values) {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(xOffset + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("DSC1".getBytes(StandardCharsets.US_ASCII)).putInt(text.length).put(text).position(xOffset);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /**
     * An unweighted file is byte for byte what descent wrote before weights existed (format_version 1, no weight keys).
     * The offsets: the header written with both offsets 0 is 139 bytes; 8 + 139 + 40 (room for the offsets' digits)
     * = 187, aligned up to 64: x_offset 192; one feature of two rows is 8 bytes: y_offset 200.
     */
    @Test
    void unweightedFile_isTheVersion1LayoutByteForByte(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("two.dsc");
        DscFile.write(file, twoRows());
        String header = "{\"format_version\":1,\"rows\":2,\"features\":1,\"feature_names\":[\"a\"],\"target\":\"y\","
                + "\"task\":\"binary\",\"classes\":[\"0\",\"1\"],\"x_offset\":192,\"y_offset\":200}";
        assertThat(Files.readAllBytes(file)).isEqualTo(layout(header, 192, 1.5f, 2f, 0f, 1f));
        assertThat(DscFile.open(file).weighted()).isFalse();
        assertThat(DscFile.open(file).weightName()).isEmpty();
    }

    /**
     * A weighted file is format_version 2 (a reader of version 1 only refuses it rather than training unweighted) with
     * the weight column's name and w_offset. The header written with the three offsets 0 is 165 bytes; 8 + 165 + 60 =
     * 233, aligned up to 64: x_offset 256, y_offset 256 + 8 = 264, w_offset 264 + 8 = 272.
     */
    @Test
    void weightedFile_roundTripsItsWeights_inVersion2(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("two.dsc");
        Dataset weighted = twoRows().withWeights(Tensor.vector(0.25, 3).to(DType.FLOAT32));
        DscFile.write(file, weighted, "w");
        String header = "{\"format_version\":2,\"rows\":2,\"features\":1,\"feature_names\":[\"a\"],\"target\":\"y\","
                + "\"task\":\"binary\",\"classes\":[\"0\",\"1\"],\"weight\":\"w\",\"x_offset\":256,\"y_offset\":264,"
                + "\"w_offset\":272}";
        assertThat(Files.readAllBytes(file)).isEqualTo(layout(header, 256, 1.5f, 2f, 0f, 1f, 0.25f, 3f));

        DscFile dsc = DscFile.open(file);
        assertThat(dsc.weightName()).contains("w");
        assertThat(dsc.weighted()).isTrue();
        assertThat(dsc.totalWeight()).isEqualTo(3.25);
        assertThat(dsc.classCounts()).containsExactly(1, 1);
        assertThat(dsc.readAll().weights().orElseThrow().toDoubleArray()).containsExactly(0.25, 3);
        assertThat(dsc.weights().orElseThrow().toDoubleArray()).containsExactly(0.25, 3);
        Tensor x = Tensor.zeros(DType.FLOAT32, 2, 1);
        Tensor y = Tensor.zeros(DType.FLOAT32, 2);
        Tensor w = Tensor.zeros(DType.FLOAT32, 2);
        dsc.gather(new int[] {1, 0}, 0, 2, x, y, w);
        assertThat(x.toDoubleArray()).containsExactly(2, 1.5);
        assertThat(y.toDoubleArray()).containsExactly(1, 0);
        assertThat(w.toDoubleArray()).containsExactly(3, 0.25);
        // without its weights: the same rows, unweighted, with no weight column among the features
        DscFile plain = dsc.withoutWeights();
        assertThat(plain.weighted()).isFalse();
        assertThat(plain.totalWeight()).isEqualTo(2);
        assertThat(plain.readAll().weights()).isEmpty();
        assertThat(plain.featureNames()).containsExactly("a");
        assertThatThrownBy(() -> plain.gather(new int[] {0}, 0, 1, x, y, w)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> DscFile.write(dir.resolve("x.dsc"), weighted)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Read without asking for its weights, a weighted file's rows come unweighted and the read names the column it left
     * out (for a command to warn); asked for, or from an unweighted file, nothing is left out.
     */
    @Test
    void readingAWeightedFile_withoutItsWeights_namesTheColumnLeftOut(@TempDir Path dir) {
        Path weighted = dir.resolve("weighted.dsc");
        DscFile.write(weighted, twoRows().withWeights(Tensor.vector(0.25, 3).to(DType.FLOAT32)), "w");
        Path plain = dir.resolve("plain.dsc");
        DscFile.write(plain, twoRows());

        for (Datasets.Hashed<Dataset> read : List.of(Datasets.read(weighted.toString(), ReadOptions.target("y")),
                Datasets.openHashed(weighted.toString(), ReadOptions.target("y")))) {
            assertThat(read.unusedWeight()).contains("w");
            assertThat(read.rows().weights()).isEmpty();
        }
        Datasets.Hashed<Dataset> asked = Datasets.read(weighted.toString(), ReadOptions.target("y").withWeight("w"));
        assertThat(asked.unusedWeight()).isEmpty();
        assertThat(asked.rows().weights().orElseThrow().toDoubleArray()).containsExactly(0.25, 3);
        assertThat(Datasets.read(plain.toString(), ReadOptions.target("y")).unusedWeight()).isEmpty();
        // a streamed file's rows, weighed as asked, the same way
        assertThat(Datasets.unusedWeight(DscFile.open(weighted), null)).contains("w");
        assertThat(Datasets.unusedWeight(DscFile.open(weighted), "w")).isEmpty();
        assertThat(Datasets.unusedWeight(DscFile.open(plain), null)).isEmpty();
    }

    /**
     * Wine (178 rows, 3 classes of 59, 71 and 48 rows) weighted by class as a streamed file and in memory have the
     * same total weight, bit for bit: balanced class weights 178/(3·n_c) (1.0056497..., 0.8356807..., 1.2361111...),
     * times row i's weight (7i mod 5)·0.3 (0, 0.6, 1.2, 0.3, 0.9: float32 rounds all but 0) when the file has them,
     * each product rounded to float32, added in row order in float64. The expected total is that sum, computed here
     * from the rows in memory; the file's comes from its target and weight columns.
     */
    @ParameterizedTest(name = "sample weights: {0}")
    @ValueSource(booleans = {true, false})
    void classWeightedTotal_ofAFile_isTheInMemoryTotal_bitForBit(boolean sampleWeights, @TempDir Path dir) {
        Dataset wine = BuiltinDatasets.load("wine", DType.FLOAT32);
        Tensor w = Tensor.zeros(DType.FLOAT32, wine.size());
        for (int i = 0; i < wine.size(); i++) {
            w.set(i, (7 * i % 5) * 0.3);
        }
        Dataset rows = sampleWeights ? wine.withWeights(w) : wine;
        Path file = dir.resolve("wine.dsc");
        DscFile.write(file, rows, sampleWeights ? "w" : null);
        double[] perClass = ClassWeights.balanced().resolve(wine);
        assertThat(perClass).containsExactly(178.0 / (3 * 59), 178.0 / (3 * 71), 178.0 / (3 * 48));

        double expected = 0;
        for (int i = 0; i < rows.size(); i++) {
            expected += (float) ((sampleWeights ? w.at(i) : 1.0) * perClass[(int) wine.y().at(i)]);
        }
        double inMemory = rows.withClassWeights(perClass).totalWeight();
        DscFile dsc = Datasets.weighedAsAsked("wine.dsc", DscFile.open(file), sampleWeights ? "w" : null);
        assertThat(dsc.weighted()).isEqualTo(sampleWeights);
        assertThat(inMemory).isEqualTo(expected);
        assertThat(dsc.totalWeight(perClass)).isEqualTo(expected);
        assertThat(ClassWeightedRows.of(dsc, perClass).totalWeight()).isEqualTo(expected);
        // standardized for training, the rows keep that total
        assertThat(new StandardizedRows(ClassWeightedRows.of(dsc, perClass), Standardizer.fit(dsc)).totalWeight())
                .isEqualTo(expected);
        assertThatThrownBy(() -> dsc.totalWeight(new double[] {1, 1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("2 class weights for 3 classes");
    }

    /**
     * Totals add the weights in row order in float64, as a pass over a file reads them, in memory too: 2^53 followed by
     * 63 ones sums to 2^53, since each 2^53 + 1 is a tie that rounds to the even 2^53 (a sum in several accumulators,
     * as {@code Tensor.sumAll} keeps in vector lanes, would keep some of the ones). All are float32 numbers, and class
     * weights of 1 keep them.
     */
    @Test
    void totals_addTheWeightsInRowOrder_inMemoryAndFromAFile(@TempDir Path dir) {
        int n = 64;
        double big = Math.pow(2, 53);
        Tensor x = Tensor.zeros(DType.FLOAT32, n, 1);
        Tensor y = Tensor.zeros(DType.FLOAT32, n);
        Tensor w = Tensor.zeros(DType.FLOAT32, n);
        for (int i = 0; i < n; i++) {
            y.set(i, i % 2);
            w.set(i, i == 0 ? big : 1);
        }
        Dataset rows = new Dataset(x, y, List.of("a"), "y", Task.BINARY, List.of("0", "1"), "ones.csv",
                Optional.of(w));
        Path file = dir.resolve("ones.dsc");
        DscFile.write(file, rows, "w");
        DscFile dsc = Datasets.weighedAsAsked("ones.dsc", DscFile.open(file), "w");
        double[] ones = {1, 1};
        assertThat(rows.totalWeight()).isEqualTo(big);
        assertThat(rows.withClassWeights(ones).totalWeight()).isEqualTo(big);
        assertThat(dsc.totalWeight()).isEqualTo(big);
        assertThat(ClassWeightedRows.of(dsc, ones).totalWeight()).isEqualTo(big);
    }

    /** A weight that 'descent convert' never writes (here -1 over 3) is an error naming the file and the row. */
    @Test
    void damagedWeight_isAnErrorNamingTheRow(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("two.dsc");
        DscFile.write(file, twoRows().withWeights(Tensor.vector(0.25, 3).to(DType.FLOAT32)), "w");
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat(276, -1f);
        Files.write(file, bytes);
        DscFile dsc = DscFile.open(file);
        assertThatThrownBy(dsc::totalWeight).isInstanceOf(DataException.class)
                .hasMessage("two.dsc: damaged .dsc file: row 2 of 2 has weight -1.0, not a finite number >= 0");
        // a version-2 header without its weight column's name or offset is damaged
        String header = "{\"format_version\":2,\"rows\":2,\"features\":1,\"feature_names\":[\"a\"],\"target\":\"y\","
                + "\"task\":\"binary\",\"classes\":[\"0\",\"1\"],\"x_offset\":192,\"y_offset\":200}";
        Path noWeights = dir.resolve("v2.dsc");
        Files.write(noWeights, layout(header, 192, 1.5f, 2f, 0f, 1f));
        assertThatThrownBy(() -> DscFile.open(noWeights)).hasMessageContaining("v2.dsc: damaged .dsc file");
    }

    @Test
    void streamingStandardization_equalsTheInMemoryOne(@TempDir Path dir) {
        Dataset digits = BuiltinDatasets.load("digits", DType.FLOAT32);
        DscFile.write(dir.resolve("d.dsc"), digits);
        assertThat(Standardizer.fit(DscFile.open(dir.resolve("d.dsc")))).isEqualTo(Standardizer.fit(digits.x()));
    }

    /** The promise: training from the binary file equals training in memory, for the same seed. */
    @Test
    void trainingFromTheFile_givesBitIdenticalWeights(@TempDir Path dir) {
        Dataset digits = BuiltinDatasets.load("digits", DType.FLOAT32);
        Path file = dir.resolve("digits.dsc");
        DscFile.write(file, digits);
        FitOptions options = FitOptions.builder().batchSize(32).epochs(3).seed(11).build();

        Sequential inMemory = new Sequential(Dense.of(32, Activation.RELU), Dense.of(10)).standardize();
        inMemory.compile(Optimizers.parse("adam(lr=0.005)"), Loss.ce());
        inMemory.fit(digits, null, options);

        Sequential streamed = new Sequential(Dense.of(32, Activation.RELU), Dense.of(10)).standardize();
        streamed.compile(Optimizers.parse("adam(lr=0.005)"), Loss.ce());
        streamed.fit(DscFile.open(file), null, options);

        assertThat(streamed.params().bitEquals(inMemory.params())).isTrue();
        assertThat(streamed.standardizer()).isEqualTo(inMemory.standardizer());
    }

    /** Logistic regression reads an in-memory data set's rows in place and a file's batches gathered: same bits. */
    @Test
    void logisticRegressionFromTheFile_givesBitIdenticalWeights(@TempDir Path dir) {
        Dataset cancer = BuiltinDatasets.load("breast_cancer", DType.FLOAT32);
        Path file = dir.resolve("cancer.dsc");
        DscFile.write(file, cancer);
        FitOptions options = FitOptions.builder().batchSize(64).epochs(3).seed(12).build();

        Sequential inMemory = new Sequential(Dense.of(1)).standardize();
        inMemory.compile(Optimizers.parse("adam(lr=0.01)"), Loss.bce());
        inMemory.fit(cancer, null, options);

        Sequential streamed = new Sequential(Dense.of(1)).standardize();
        streamed.compile(Optimizers.parse("adam(lr=0.01)"), Loss.bce());
        streamed.fit(DscFile.open(file), null, options);

        assertThat(streamed.params().bitEquals(inMemory.params())).isTrue();
    }

    /** Streaming conversion holds the values in-memory reading gives, across many chunks, with string classes. */
    @Test
    void csvConversion_equalsReadingInMemory(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("big.csv");
        java.util.Random r = new java.util.Random(5);
        StringBuilder sb = new StringBuilder("a,b,label,c\n");
        String[] names = {"cat", "dog", "emu"};
        for (int i = 0; i < 150_000; i++) {
            sb.append(r.nextGaussian()).append(',').append(r.nextInt(100)).append(',').append(names[r.nextInt(3)])
                    .append(',').append(r.nextFloat()).append('\n');
        }
        Files.writeString(csv, sb);
        ReadOptions options = ReadOptions.target("label");
        Path dsc = dir.resolve("big.dsc");
        CsvData.convertToDsc(csv, options, dsc);
        Dataset expected = CsvData.read(csv, options.withDType(DType.FLOAT32));
        Dataset got = DscFile.open(dsc).readAll();
        assertThat(got.x().bitEquals(expected.x())).isTrue();
        assertThat(got.y().bitEquals(expected.y())).isTrue();
        assertThat(got.classes()).containsExactly("cat", "dog", "emu");
        assertThat(got.featureNames()).containsExactly("a", "b", "c");

        Path numeric = dir.resolve("numeric.csv");
        Files.writeString(numeric, "x,y\n1,0.5\n2,1.5\n3,2.25\n");
        Path regression = dir.resolve("reg.dsc");
        CsvData.convertToDsc(numeric, ReadOptions.target("y"), regression);
        assertThat(DscFile.open(regression).task()).isEqualTo(Task.REGRESSION);
        assertThat(DscFile.open(regression).readAll().y().toDoubleArray()).containsExactly(0.5, 1.5, 2.25);
    }

    @Test
    void csvConversion_reportsTheLineOfABadValueInALaterChunk(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        StringBuilder sb = new StringBuilder("x,target\n");
        for (int i = 0; i < 70_000; i++) {
            sb.append(i == 69_999 ? "oops" : Integer.toString(i)).append(',').append(i % 2).append('\n');
        }
        Files.writeString(csv, sb);
        assertThatThrownBy(() -> CsvData.convertToDsc(csv, ReadOptions.target("target"), dir.resolve("bad.dsc")))
                .hasMessage("bad.csv:70001: column 1 (x): expected a number, got 'oops'");
        assertThat(dir.toFile().list()).containsExactly("bad.csv");
    }

    @Test
    void badFiles_getOneLineErrors(@TempDir Path dir) throws IOException {
        Path notDsc = dir.resolve("x.dsc");
        Files.writeString(notDsc, "a,b,target\n1,2,3\n");
        assertThatThrownBy(() -> DscFile.open(notDsc)).isInstanceOf(DataException.class)
                .hasMessage("x.dsc: not a .dsc file (convert a CSV with 'descent convert')");
        assertThatThrownBy(() -> DscFile.open(dir.resolve("missing.dsc"))).hasMessage("missing.dsc: file not found");

        Path good = dir.resolve("iris.dsc");
        DscFile.write(good, BuiltinDatasets.load("iris", DType.FLOAT32));
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("short.dsc");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> DscFile.open(truncated)).hasMessageContaining("short.dsc: damaged .dsc file");
        assertThatThrownBy(() -> Datasets.open(good.toString(), ReadOptions.target("species")))
                .hasMessageContaining("the target of this .dsc file is 'target', not 'species'");
    }

    /** A damaged header or target names the file (and the row), rather than failing in Jackson or training on it. */
    @Test
    void damagedHeaderOrTarget_isAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("iris.dsc");
        DscFile.write(good, BuiltinDatasets.load("iris", DType.FLOAT32));
        byte[] bytes = Files.readAllBytes(good);

        Path notJson = dir.resolve("json.dsc");
        byte[] broken = bytes.clone();
        broken[8] = '!';
        Files.write(notJson, broken);
        assertThatThrownBy(() -> DscFile.open(notJson)).isInstanceOf(DataException.class)
                .hasMessage("json.dsc: damaged .dsc file (its header is not valid JSON)");

        Path task = dir.resolve("task.dsc");
        Files.write(task, new String(bytes, StandardCharsets.ISO_8859_1).replace("\"multiclass\"", "\"multiclasz\"")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> DscFile.open(task)).isInstanceOf(DataException.class)
                .hasMessage("task.dsc: damaged .dsc file (unknown task 'multiclasz' in the header)");

        // the last row's target, the file's last 4 bytes, becomes class index 7 of 3 classes
        Path label = dir.resolve("label.dsc");
        byte[] badLabel = bytes.clone();
        ByteBuffer.wrap(badLabel).order(ByteOrder.LITTLE_ENDIAN).putFloat(badLabel.length - 4, 7f);
        Files.write(label, badLabel);
        DscFile opened = DscFile.open(label);
        assertThatThrownBy(opened::readAll).isInstanceOf(DataException.class)
                .hasMessage("label.dsc: damaged .dsc file: row 150 of 150 has target 7.0, not a class index in 0..2");
    }

    /** A .dsc file that cannot be created is the output's fault: the message names it, not the CSV. */
    @Test
    void csvConversion_intoAMissingDirectory_namesTheOutput(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("ok.csv");
        Files.writeString(csv, "x,target\n1,0\n2,1\n");
        Path dsc = dir.resolve("missing").resolve("ok.dsc");
        assertThatThrownBy(() -> CsvData.convertToDsc(csv, ReadOptions.target("target"), dsc))
                .isInstanceOf(UncheckedIOException.class).hasMessage(dsc + ": cannot write: no such file");
    }
}
