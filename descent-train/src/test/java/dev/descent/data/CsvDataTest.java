package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvDataTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static ReadOptions target(String t) {
        return ReadOptions.target(t).withDType(DType.FLOAT64);
    }

    private void assertError(String name, String content, ReadOptions options, String message) throws IOException {
        Path p = write(name, content);
        assertThatThrownBy(() -> CsvData.read(p, options))
                .isInstanceOf(DataException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void readsNumericRegression() throws IOException {
        Path p = write("data.csv", "a,b,y\n1,2,0.5\n3,4,1.5\n5,6,2.25\n");
        Dataset d = CsvData.read(p, target("y"));
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.features()).isEqualTo(2);
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.targetName()).isEqualTo("y");
        assertThat(d.task()).isEqualTo(Task.REGRESSION);
        assertThat(d.classes()).isEmpty();
        assertThat(d.numClasses()).isZero();
        assertThat(d.source()).isEqualTo("data.csv");
        assertThat(d.x().toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.y().shape().dims()).containsExactly(3);
        assertThat(d.y().toDoubleArray()).containsExactly(0.5, 1.5, 2.25);
        assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
    }

    @Test
    void targetMayBeAnyColumnAndFeaturesKeepFileOrder() throws IOException {
        Path p = write("data.csv", "y,a,b\n0.5,1,2\n1.5,3,4\n");
        Dataset d = CsvData.read(p, target("y"));
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.x().toDoubleArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void float32IsParsedOnceNotThroughDouble() throws IOException {
        // a decimal whose double rounding then float rounding differs from direct float rounding
        String v = "1.00000005960464477539062500000000000001";
        Path p = write("data.csv", "a,y\n" + v + ",1.5\n" + v + ",2.5\n");
        Dataset d = CsvData.read(p, ReadOptions.target("y"));
        assertThat(d.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(d.x().floatData()[0]).isEqualTo(Float.parseFloat(v)).isEqualTo(1.0f + 0x1p-23f);
    }

    @Test
    void integerClassesSortNumerically() throws IOException {
        Path p = write("data.csv", "a,label\n1,10\n2,2\n3,-1\n4,2.0\n5,10\n");
        Dataset d = CsvData.read(p, target("label"));
        assertThat(d.task()).isEqualTo(Task.MULTICLASS);
        assertThat(d.classes()).containsExactly("-1", "2", "10");
        assertThat(d.y().toDoubleArray()).containsExactly(2, 1, 0, 1, 2);
        assertThat(d.labels()).containsExactly(2, 1, 0, 1, 2);
        assertThat(d.classCounts()).containsExactly(1, 2, 2);
    }

    @Test
    void stringClassesSortLexicographically() throws IOException {
        Path p = write("iris.csv", "x,species\n1,virginica\n2,setosa\n3,versicolor\n4, setosa \n");
        Dataset d = CsvData.read(p, target("species"));
        assertThat(d.task()).isEqualTo(Task.MULTICLASS);
        assertThat(d.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.y().toDoubleArray()).containsExactly(2, 0, 1, 0);
    }

    @Test
    void twoClassesAreBinary() throws IOException {
        Path p = write("data.csv", "x,y\n1,yes\n2,no\n3,yes\n");
        Dataset d = CsvData.read(p, target("y"));
        assertThat(d.task()).isEqualTo(Task.BINARY);
        assertThat(d.classes()).containsExactly("no", "yes");
        assertThat(d.y().toDoubleArray()).containsExactly(1, 0, 1);
    }

    @Test
    void autoTaskUsesTwentyDistinctIntegersAsTheLimit() throws IOException {
        StringBuilder few = new StringBuilder("x,y\n");
        StringBuilder many = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            few.append(i).append(',').append(i % 20).append('\n');
            many.append(i).append(',').append(i % 21).append('\n');
        }
        assertThat(CsvData.read(write("few.csv", few.toString()), target("y")).task()).isEqualTo(Task.MULTICLASS);
        assertThat(CsvData.read(write("many.csv", many.toString()), target("y")).task()).isEqualTo(Task.REGRESSION);
        assertThat(CsvData.read(write("frac.csv", "x,y\n1,0.5\n2,1\n"), target("y")).task())
                .isEqualTo(Task.REGRESSION);
    }

    @Test
    void explicitTaskOverridesInference() throws IOException {
        Path p = write("data.csv", "x,y\n1,0\n2,1\n3,1\n");
        assertThat(CsvData.read(p, target("y").withTask(TaskHint.REGRESSION)).task()).isEqualTo(Task.REGRESSION);
        Path q = write("many.csv", "x,y\n1,0.5\n2,1.5\n3,0.5\n");
        Dataset d = CsvData.read(q, target("y").withTask(TaskHint.CLASSIFICATION));
        assertThat(d.task()).isEqualTo(Task.BINARY);
        assertThat(d.classes()).containsExactly("0.5", "1.5");
    }

    @Test
    void gzipIsReadTransparently() throws IOException {
        Path p = dir.resolve("data.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write("a,b,y\n1,2,cat\n3,4,dog\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset d = CsvData.read(p, target("y"));
        assertThat(d.source()).isEqualTo("data.csv.gz");
        assertThat(d.x().toDoubleArray()).containsExactly(1, 2, 3, 4);
        assertThat(d.classes()).containsExactly("cat", "dog");
    }

    @Test
    void byteOrderMarkQuotesBlankLinesAndSpacesInTheHeader() throws IOException {
        Path p = write("data.csv", "\uFEFF\"a\", b ,y\n\n\"1\",2,3.5\n\n4,5,6.5\n");
        Dataset d = CsvData.read(p, target("y"));
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.x().toDoubleArray()).containsExactly(1, 2, 4, 5);
    }

    // ------------------------------------------------------------------ errors, exact messages

    @Test
    void badNumberNamesFileLineAndColumn() throws IOException {
        StringBuilder s = new StringBuilder("sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,target\n");
        for (int line = 2; line <= 20; line++) {
            s.append(line == 17 ? "5.1,3.5,abc,0.2,0\n" : "5.1,3.5,1.4,0.2,0\n");
        }
        assertError("iris.csv", s.toString(), target("target"),
                "iris.csv:17: column 3 (petal_length_cm): expected a number, got 'abc'");
    }

    @Test
    void wrongFieldCount() throws IOException {
        assertError("data.csv", "a,b,c,d,y\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4\n", target("y"),
                "data.csv:5: expected 5 fields like the header, got 4");
        assertError("more.csv", "a,y\n1,2\n1,2,3\n", target("y"), "more.csv:3: expected 2 fields like the header, got 3");
    }

    @Test
    void emptyFile() throws IOException {
        assertError("data.csv", "", target("y"), "data.csv: empty file (no header row)");
        assertError("blank.csv", "\n\n", target("y"), "blank.csv: empty file (no header row)");
    }

    @Test
    void headerOnly() throws IOException {
        assertError("data.csv", "a,b,y\n", target("y"), "data.csv: no rows after the header");
    }

    @Test
    void missingTargetColumnListsColumns() throws IOException {
        assertError("data.csv", "a,b,c\n1,2,3\n", target("label"), "data.csv: no column named 'label'; columns: a, b, c");
        StringBuilder wide = new StringBuilder("c0");
        for (int j = 1; j < 785; j++) {
            wide.append(",c").append(j);
        }
        assertError("wide.csv", wide + "\n", target("label"),
                "wide.csv: no column named 'label'; columns: c0, c1, c2, c3, c4, c5, c6, c7, ... (774 more), c782, c783, c784");
    }

    @Test
    void nanAndInfinity() throws IOException {
        String rows = "x,y\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n";
        assertError("data.csv", "w,x,y\n" + "1,2,3\n".repeat(7) + "1,NaN,3\n", target("y"),
                "data.csv:9: column 2 (x): NaN or infinite value 'NaN'");
        assertError("inf.csv", rows + "-inf,2\n", target("y"), "inf.csv:9: column 1 (x): NaN or infinite value '-inf'");
        assertError("t.csv", "x,y\n1,2.5\n2,Infinity\n", target("y"), "t.csv:3: column 2 (y): NaN or infinite value 'Infinity'");
        assertError("big.csv", "x,y\n1e39,2\n", ReadOptions.target("y"),
                "big.csv:2: column 1 (x): value '1e39' is out of float32 range");
    }

    @Test
    void emptyFieldsAndSuffixes() throws IOException {
        assertError("data.csv", "x,y\n1,2\n,3\n", target("y"), "data.csv:3: column 1 (x): expected a number, got ''");
        assertError("d.csv", "x,y\n1f,2\n", target("y"), "d.csv:2: column 1 (x): expected a number, got '1f'");
        assertError("e.csv", "x,y\n1,2\n2,\n", target("y"), "e.csv:3: column 2 (y): empty value");
    }

    @Test
    void regressionTargetMustBeNumeric() throws IOException {
        assertError("data.csv", "x,y\n1,2\n2,3\n3,abc\n", target("y").withTask(TaskHint.REGRESSION),
                "data.csv:4: column 2 (y): expected a number, got 'abc'");
    }

    @Test
    void duplicateColumnNames() throws IOException {
        assertError("data.csv", "a,b,a\n1,2,3\n", target("b"), "data.csv:1: column 3 has the same name 'a' as column 1");
    }

    @Test
    void quotedLineBreakKeepsPhysicalLineNumbers() throws IOException {
        assertError("data.csv", "x,y,name\n1,2,\"two\nlines\"\nzz,3,c\n", target("name"),
                "data.csv:4: column 1 (x): expected a number, got 'zz'");
    }

    @Test
    void messagesStayOnOneLine() throws IOException {
        assertError("data.csv", "x,y\n\"a\nb\",1\n", target("y"), "data.csv:2: column 1 (x): expected a number, got 'a\\nb'");
    }

    @Test
    void missingFile() {
        assertThatThrownBy(() -> CsvData.read(dir.resolve("nope.csv"), target("y")))
                .isInstanceOf(DataException.class).hasMessage("nope.csv: no such file");
    }

    // ------------------------------------------------------------------ prediction time

    @Test
    void imposedClassMappingFromTraining() throws IOException {
        Path p = write("new.csv", "x,species\n1,virginica\n2,setosa\n");
        Dataset d = CsvData.read(p, target("species").withClasses(List.of("setosa", "versicolor", "virginica")));
        assertThat(d.task()).isEqualTo(Task.MULTICLASS);
        assertThat(d.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.y().toDoubleArray()).containsExactly(2, 0);
    }

    @Test
    void imposedNumericClassesMatchByValue() throws IOException {
        Path p = write("new.csv", "x,y\n1,1.0\n2,0\n");
        Dataset d = CsvData.read(p, target("y").withClasses(List.of("0", "1")));
        assertThat(d.task()).isEqualTo(Task.BINARY);
        assertThat(d.y().toDoubleArray()).containsExactly(1, 0);
    }

    @Test
    void unseenClassIsAnError() throws IOException {
        assertError("new.csv", "x,species\n1,setosa\n2,virginica2\n",
                target("species").withClasses(List.of("setosa", "versicolor", "virginica")),
                "new.csv:3: class 'virginica2' was not seen in training; known classes: setosa, versicolor, virginica");
    }

    @Test
    void imposedFeatureOrderAndExtraColumnsIgnored() throws IOException {
        Path p = write("new.csv", "id,b,y,a\n7,2,0,1\n8,4,1,3\n");
        Dataset d = CsvData.read(p, target("y").withFeatures(List.of("a", "b")));
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.x().toDoubleArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void featuresOnlyForPrediction() throws IOException {
        Path without = write("new.csv", "b,a\n2,1\n4,3\n");
        Tensor x = CsvData.readFeatures(without, List.of("a", "b"), DType.FLOAT64);
        assertThat(x.shape().dims()).containsExactly(2, 2);
        assertThat(x.toDoubleArray()).containsExactly(1, 2, 3, 4);
        Path with = write("with.csv", "a,b,target\n1,2,setosa\n");
        assertThat(CsvData.readFeatures(with, List.of("a", "b"), DType.FLOAT32).toDoubleArray()).containsExactly(1, 2);
    }

    @Test
    void featuresOnlyMissingColumnIsNamed() throws IOException {
        Path p = write("new.csv", "a,c\n1,2\n");
        assertThatThrownBy(() -> CsvData.readFeatures(p, List.of("a", "b"), DType.FLOAT32))
                .isInstanceOf(DataException.class)
                .hasMessage("new.csv: no column named 'b' (a feature the model was trained on); columns: a, c");
    }

    @Test
    void headerOfAFile() throws IOException {
        assertThat(CsvData.header(write("h.csv", "a, b,c\n1,2,3\n"))).containsExactly("a", "b", "c");
    }

    @Test
    void csvWeightColumn_isReadAsWeightsAndLeftOutOfTheFeatures() throws IOException {
        Path p = write("d.csv", "a,w,b,y\n1,0.5,2,0\n3,2,4,1\n5,0,6,1\n");
        Dataset d = CsvData.read(p, target("y").withWeight("w"));
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.x().toDoubleArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.weights().orElseThrow().toDoubleArray()).containsExactly(0.5, 2, 0);
        assertThat(d.totalWeight()).isEqualTo(2.5);
        assertThat(CsvData.read(p, target("y").withWeight("w").withWeight(null)).weights()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative|a,w,y\\n1,1,0\\n2,-0.5,1\\n|d.csv:3: column 2 (w): a weight must be >= 0, got '-0.5'",
            "text|a,w,y\\n1,abc,0\\n|d.csv:2: column 2 (w): expected a number, got 'abc'",
            "NaN|a,w,y\\n1,NaN,0\\n|d.csv:2: column 2 (w): NaN or infinite value 'NaN'",
            "empty|a,w,y\\n1,,0\\n|d.csv:2: column 2 (w): expected a number, got ''",
            "missing|a,b,y\\n1,2,0\\n|d.csv: no column named 'w' for the weights; columns: a, b, y",
            "only weights|w,y\\n1,0\\n|d.csv: no feature columns besides the target and the weights"})
    void csvWeightErrors_nameFileLineAndColumn(String what, String content, String message) throws IOException {
        Path p = write("d.csv", content.replace("\\n", "\n"));
        assertThatThrownBy(() -> CsvData.read(p, target("y").withWeight("w"))).isInstanceOf(DataException.class).hasMessage(message);
    }

    @Test
    void weightColumnThatIsTheTarget_orInALibsvmOrDscFile_isRefused() throws IOException {
        Path csv = write("d.csv", "a,y\n1,0\n");
        assertThatThrownBy(() -> CsvData.read(csv, target("y").withWeight("w").withWeight("y")))
                .hasMessage("d.csv: the weight column 'y' is the target column");
        Path svm = write("d.svm", "1 1:0.5\n");
        assertThatThrownBy(() -> Datasets.open(svm.toString(), ReadOptions.target(null).withWeight("w")))
                .hasMessage("d.svm: a LIBSVM file has no named columns, so no weight column 'w'; weights need a CSV file");
        Path dsc = dir.resolve("d.dsc");
        DscFile.write(dsc, CsvData.read(write("rows.csv", "a,y\n1,0\n2,1\n"), target("y")).to(DType.FLOAT32));
        assertThatThrownBy(() -> Datasets.open(dsc.toString(), ReadOptions.target("y").withWeight("w")))
                .hasMessage(dsc + ": this .dsc file holds no weight column 'w'; convert the CSV with "
                        + "'descent convert --sample-weight w'");
        Path weighted = dir.resolve("w.dsc");
        DscFile.write(weighted, CsvData.read(write("weighted.csv", "a,w,y\n1,2,0\n2,3,1\n"), target("y").withWeight("w")), "w");
        assertThatThrownBy(() -> Datasets.open(weighted.toString(), ReadOptions.target("y").withWeight("a")))
                .hasMessage(weighted + ": the weight column of this .dsc file is 'w', not 'a'");
        // named, the weights come back; not named, the rows are unweighted (a .dsc file's weights are not a feature)
        assertThat(Datasets.open(weighted.toString(), ReadOptions.target("y").withWeight("w")).weights().orElseThrow()
                .toDoubleArray()).containsExactly(2, 3);
        Dataset plain = Datasets.open(weighted.toString(), ReadOptions.target("y"));
        assertThat(plain.weights()).isEmpty();
        assertThat(plain.featureNames()).containsExactly("a");
    }
}
