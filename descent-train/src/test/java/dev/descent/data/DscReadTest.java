package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code .dsc} file read with a model's {@link ReadOptions} (its feature order, its classes, its task) gives what a
 * read of the CSV it was converted from gives with the same options, bit for bit.
 */
class DscReadTest {

    @TempDir
    Path dir;

    /**
     * Columns b, y, a, w: the features in the other order than a model's (a, b), the weights among them, and classes
     * b and c of a model's a, b, c. Every value is a float32 exactly (a binary fraction of few digits), so a float64
     * read of the file, whose values are float32, equals a float64 read of the CSV too.
     */
    private static final String CSV = "b,y,a,w\n2.5,c,-1,0.5\n4,b,0.25,2\n-8,c,3,1\n";

    private static final ReadOptions MODEL = ReadOptions.target("y").withFeatures(List.of("a", "b"))
            .withClasses(List.of("a", "b", "c"));

    /** The CSV and its conversion ({@code convert --sample-weight w}, the task and classes inferred: binary b, c). */
    private record Converted(Path csv, Path dsc) {
    }

    private Converted convert(String csvText, ReadOptions conversion) throws IOException {
        Path csv = Files.writeString(dir.resolve("d.csv"), csvText);
        Path dsc = dir.resolve("d.dsc");
        CsvData.convertToDsc(csv, conversion, dsc);
        return new Converted(csv, dsc);
    }

    private static void assertSameRows(Dataset fromDsc, Dataset fromCsv) {
        assertThat(fromDsc.x().bitEquals(fromCsv.x())).isTrue();
        assertThat(fromDsc.y().bitEquals(fromCsv.y())).isTrue();
        assertThat(fromDsc.weights().isPresent()).isEqualTo(fromCsv.weights().isPresent());
        fromDsc.weights().ifPresent(w -> assertThat(w.bitEquals(fromCsv.weights().orElseThrow())).isTrue());
        assertThat(fromDsc.featureNames()).isEqualTo(fromCsv.featureNames());
        assertThat(fromDsc.targetName()).isEqualTo(fromCsv.targetName());
        assertThat(fromDsc.task()).isEqualTo(fromCsv.task());
        assertThat(fromDsc.classes()).isEqualTo(fromCsv.classes());
    }

    /**
     * The model's columns a, b in its order, and the file's classes b, c (indices 0, 1 in the file) as the model's
     * 1, 2: x = [[a, b] per row] = [[-1, 2.5], [0.25, 4], [3, -8]], y = [c, b, c] = [2, 1, 2], three classes so
     * multiclass; the weights w = [0.5, 2, 1] in the rows' order.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void aModelsColumnsAndClasses_applyToADscFileAsToItsCsv(DType dtype) throws IOException {
        Converted f = convert(CSV, ReadOptions.target("y").withWeight("w"));
        assertThat(DscFile.open(f.dsc()).classes()).containsExactly("b", "c");
        ReadOptions options = MODEL.withDType(dtype).withWeight("w");

        Dataset d = Datasets.open(f.dsc().toString(), options);
        assertThat(d.dtype()).isEqualTo(dtype);
        assertThat(d.x().toDoubleArray()).containsExactly(-1, 2.5, 0.25, 4, 3, -8);
        assertThat(d.y().toDoubleArray()).containsExactly(2, 1, 2);
        assertThat(d.weights().orElseThrow().toDoubleArray()).containsExactly(0.5, 2, 1);
        assertThat(d.task()).isEqualTo(Task.MULTICLASS);
        assertThat(d.classes()).containsExactly("a", "b", "c");
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.source()).isEqualTo("d.dsc");
        assertSameRows(d, Datasets.open(f.csv().toString(), options));
    }

    /** Without options the file reads as it is stored, as the CSV reads without them. */
    @Test
    void withoutAModelsOptions_theFileReadsAsStored() throws IOException {
        Converted f = convert(CSV, ReadOptions.target("y"));
        Dataset d = Datasets.open(f.dsc().toString(), ReadOptions.target("y").withDType(DType.FLOAT64));
        assertThat(d.featureNames()).containsExactly("b", "a", "w");
        assertThat(d.classes()).containsExactly("b", "c");
        assertThat(d.task()).isEqualTo(Task.BINARY);
        assertSameRows(d, Datasets.open(f.csv().toString(), ReadOptions.target("y").withDType(DType.FLOAT64)));
        assertThat(DscFile.open(f.dsc()).readAll().x().toDoubleArray()).containsExactly(2.5, -1, 0.5, 4, 0.25, 2, -8, 3, 1);
    }

    /**
     * Labels match as a CSV's do: by text, else as the same number. The file's labels 1 and 2 (a CSV's "1.0" and "2",
     * written "1" and "2") are the model's classes "1.0" (index 1) and "2" (index 2) of x, 1.0, 2: y = [1, 2, 1].
     */
    @Test
    void numericLabels_matchTheModelsClassesAsNumbers() throws IOException {
        Converted f = convert("a,y\n1,1.0\n2,2\n3,1\n", ReadOptions.target("y"));
        ReadOptions options = ReadOptions.target("y").withClasses(List.of("x", "1.0", "2"));
        Dataset d = Datasets.open(f.dsc().toString(), options);
        assertThat(d.y().toDoubleArray()).containsExactly(1, 2, 1);
        assertSameRows(d, Datasets.open(f.csv().toString(), options));
    }

    /** A label in the file's list that no row holds is no error, as it is none in a CSV: rows decide. */
    @Test
    void aLabelNoRowHolds_isNoError() {
        Path dsc = dir.resolve("abc.dsc");
        // classes a, b, c with rows of b and a only (as a subset of a data set keeps its classes)
        DscFile.write(dsc, new Dataset(Tensor.of(new double[] {1, 2}, 2, 1).to(DType.FLOAT32),
                Tensor.vector(1, 0).to(DType.FLOAT32), List.of("x"), "y", Task.MULTICLASS, List.of("a", "b", "c"), "abc"));
        Dataset d = Datasets.open(dsc.toString(), ReadOptions.target("y").withClasses(List.of("b", "a")));
        assertThat(d.y().toDoubleArray()).containsExactly(0, 1);
        assertThat(d.task()).isEqualTo(Task.BINARY);
    }

    @Test
    void aLabelTheModelLacks_namesTheFileRowLabelAndClasses() throws IOException {
        Converted f = convert(CSV, ReadOptions.target("y"));
        ReadOptions options = ReadOptions.target("y").withClasses(List.of("a", "b"));
        assertThatThrownBy(() -> Datasets.open(f.dsc().toString(), options)).isInstanceOf(DataException.class)
                .hasMessage("d.dsc: row 1: class 'c' was not seen in training; known classes: a, b");
        assertThatThrownBy(() -> Datasets.open(f.csv().toString(), options)).isInstanceOf(DataException.class)
                .hasMessage("d.csv:2: class 'c' was not seen in training; known classes: a, b");
    }

    @Test
    void aMissingFeature_isNamedAsTheCsvReaderNamesIt() throws IOException {
        Converted f = convert(CSV, ReadOptions.target("y").withWeight("w"));
        ReadOptions options = ReadOptions.target("y").withFeatures(List.of("a", "z"));
        assertThatThrownBy(() -> Datasets.open(f.dsc().toString(), options)).isInstanceOf(DataException.class)
                .hasMessage("d.dsc: no column named 'z' (a feature the model was trained on); columns: b, a, y");
        assertThatThrownBy(() -> Datasets.open(f.csv().toString(), options)).isInstanceOf(DataException.class)
                .hasMessage("d.csv: no column named 'z' (a feature the model was trained on); columns: b, y, a, w");
        // the target is no feature
        assertThatThrownBy(() -> Datasets.open(f.dsc().toString(), ReadOptions.target("y").withFeatures(List.of("y"))))
                .hasMessageStartingWith("d.dsc: no column named 'y' (a feature the model was trained on)");
    }

    /** A file's task was decided when it was converted: a read asking for the other is refused, naming the fix. */
    @Test
    void theOtherTask_isRefused() throws IOException {
        Converted classes = convert(CSV, ReadOptions.target("y"));
        String spec = classes.dsc().toString();
        assertThatThrownBy(() -> Datasets.open(spec, ReadOptions.target("y").withTask(TaskHint.REGRESSION)))
                .isInstanceOf(DataException.class)
                .hasMessage(spec + ": the target 'y' of this .dsc file holds classes (b, c), not the values of a "
                        + "regression; convert the data with 'descent convert --task regression'");
        Path values = dir.resolve("values.dsc");
        CsvData.convertToDsc(Files.writeString(dir.resolve("values.csv"), "x,v\n1,0.5\n2,1.5\n"), ReadOptions.target("v"),
                values);
        assertThat(DscFile.open(values).task()).isEqualTo(Task.REGRESSION);
        for (ReadOptions asClasses : List.of(ReadOptions.target("v").withTask(TaskHint.CLASSIFICATION),
                ReadOptions.target("v").withClasses(List.of("0.5", "1.5")))) {
            assertThatThrownBy(() -> Datasets.open(values.toString(), asClasses)).isInstanceOf(DataException.class)
                    .hasMessage(values + ": the target 'v' of this .dsc file holds the values of a regression, not "
                            + "classes; convert the data with 'descent convert --task classification'");
        }
        // auto, and the task the file holds, are read
        assertThat(Datasets.open(values.toString(), ReadOptions.target("v").withTask(TaskHint.REGRESSION)).task())
                .isEqualTo(Task.REGRESSION);
        assertThat(Datasets.open(spec, ReadOptions.target("y").withTask(TaskHint.CLASSIFICATION)).task())
                .isEqualTo(Task.BINARY);
    }

    /** Prediction reads only the model's columns, in its order: from a .dsc file as from its CSV. */
    @Test
    void featuresForPrediction_fromADscFile_equalTheCsvs() throws IOException {
        Converted f = convert(CSV, ReadOptions.target("y"));
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Tensor x = Datasets.readFeatures(f.dsc().toString(), List.of("a", "b"), dtype);
            assertThat(x.dtype()).isEqualTo(dtype);
            assertThat(x.toDoubleArray()).containsExactly(-1, 2.5, 0.25, 4, 3, -8);
            assertThat(x.bitEquals(Datasets.readFeatures(f.csv().toString(), List.of("a", "b"), dtype))).isTrue();
        }
        assertThatThrownBy(() -> Datasets.readFeatures(f.dsc().toString(), List.of("q"), DType.FLOAT32))
                .isInstanceOf(DataException.class)
                .hasMessage("d.dsc: no column named 'q' (a feature the model was trained on); columns: b, a, w, y");
    }

    /**
     * A LIBSVM file's features f1..f3 by index, its labels not read (the second is 'nan', which a labelled read
     * refuses): row 1 is 1:0.5 3:2, so [0.5, 0, 2]; row 2 is 2:1.5, so [0, 1.5, 0]. The CSV of the same rows with
     * columns f3, f1, f2 gives the same features.
     */
    @Test
    void featuresForPrediction_fromALibsvmFile_equalTheCsvs() throws IOException {
        Path svm = Files.writeString(dir.resolve("d.svm"), "7 1:0.5 3:2\nnan 2:1.5\n");
        Path csv = Files.writeString(dir.resolve("f.csv"), "f3,f1,f2\n2,0.5,0\n0,0,1.5\n");
        List<String> names = List.of("f1", "f2", "f3");
        Tensor x = Datasets.readFeatures(svm.toString(), names, DType.FLOAT32);
        assertThat(x.toDoubleArray()).containsExactly(0.5, 0, 2, 0, 1.5, 0);
        assertThat(x.bitEquals(Datasets.readFeatures(csv.toString(), names, DType.FLOAT32))).isTrue();
        assertThatThrownBy(() -> Datasets.open(svm.toString(), ReadOptions.target(null)))
                .hasMessage("d.svm:2: label: NaN or infinite value 'nan'");
    }

    /** A model's features other than f1..fN in order are refused, for prediction and for a labelled read alike. */
    @Test
    void aLibsvmFile_refusesAModelTrainedOnOtherNames() throws IOException {
        Path svm = Files.writeString(dir.resolve("d.svm"), "1 1:0.5 3:2\n0 2:1.5\n");
        String message = "d.svm: a LIBSVM file's features are f1, f2, ... by index, but feature 1 of the model is "
                + "'f2' (not f1); give a CSV file with the model's columns";
        assertThatThrownBy(() -> Datasets.readFeatures(svm.toString(), List.of("f2", "f1", "f3"), DType.FLOAT32))
                .isInstanceOf(DataException.class).hasMessage(message);
        assertThatThrownBy(() -> Datasets.open(svm.toString(), ReadOptions.target(null).withFeatures(List.of("f2", "f1", "f3"))))
                .isInstanceOf(DataException.class).hasMessage(message);
        assertThatThrownBy(() -> Datasets.readFeatures(svm.toString(), List.of("f1", "sepal"), DType.FLOAT32))
                .hasMessageContaining("feature 2 of the model is 'sepal' (not f2)");
        // fewer features than the file's indices reach: the index beyond them is named
        assertThatThrownBy(() -> Datasets.readFeatures(svm.toString(), List.of("f1", "f2"), DType.FLOAT32))
                .hasMessage("d.svm:1: token 3 ('3:2'): index 3 is beyond the 2 features");
    }
}
