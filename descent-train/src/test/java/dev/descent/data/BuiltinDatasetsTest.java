package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.DType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltinDatasetsTest {

    @ParameterizedTest
    @CsvSource({
        // name, rows, columns incl. target (datasets README), task, classes
        "iris, 150, 5, MULTICLASS, 3",
        "wine, 178, 14, MULTICLASS, 3",
        "breast_cancer, 569, 31, BINARY, 2",
        "diabetes, 442, 11, REGRESSION, 0",
        "auto_mpg, 392, 8, REGRESSION, 0",
        "digits, 1797, 65, MULTICLASS, 10",
    })
    void loadsWithTheReadmeCounts(String name, int rows, int columns, Task task, int classes) {
        Dataset d = BuiltinDatasets.load(name, DType.FLOAT64);
        assertThat(d.size()).isEqualTo(rows);
        assertThat(d.features()).isEqualTo(columns - 1);
        assertThat(d.task()).isEqualTo(task);
        assertThat(d.numClasses()).isEqualTo(classes);
        assertThat(d.targetName()).isEqualTo("target");
        assertThat(d.source()).isEqualTo("builtin:" + name);
        BuiltinDatasets.Info info = BuiltinDatasets.info(name);
        assertThat(info.rows()).isEqualTo(rows);
        assertThat(info.features()).isEqualTo(columns - 1);
        assertThat(info.task()).isEqualTo(task);
        assertThat(info.classes()).isEqualTo(classes);
        assertThat(info.description()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void irisDetails() {
        Dataset iris = Datasets.open("builtin:iris", "target");
        assertThat(iris.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(iris.featureNames())
                .containsExactly("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");
        assertThat(iris.classes()).containsExactly("0", "1", "2");
        assertThat(iris.classCounts()).containsExactly(50, 50, 50);
        assertThat(BuiltinDatasets.load("breast_cancer", DType.FLOAT32).classCounts()).containsExactly(212, 357);
    }

    @Test
    void namesAndDescribeAgree() {
        assertThat(BuiltinDatasets.names())
                .containsExactly("iris", "wine", "breast_cancer", "diabetes", "digits", "auto_mpg");
        assertThat(BuiltinDatasets.describe()).extracting(BuiltinDatasets.Info::name)
                .containsExactlyElementsOf(BuiltinDatasets.names());
        assertThat(BuiltinDatasets.info("iris").spec()).isEqualTo("builtin:iris");
    }

    @Test
    void unknownBuiltinListsTheValidOnes() {
        assertThatThrownBy(() -> Datasets.open("builtin:irsi", "target"))
                .isInstanceOf(DataException.class)
                .hasMessage("unknown built-in data set 'irsi'; built-in data sets: iris, wine, breast_cancer, diabetes, "
                        + "digits, auto_mpg");
        assertThatThrownBy(() -> Datasets.open("builtin:iris", "species"))
                .hasMessage("builtin:iris: the target column of built-in data sets is 'target', not 'species'");
    }

    /** Loaded directly, a built-in refuses another target as Datasets.open does, rather than reading 'target' instead. */
    @Test
    void loadWithAnotherTarget_isRefused() {
        assertThatThrownBy(() -> BuiltinDatasets.load("iris", ReadOptions.target("species")))
                .isInstanceOf(DataException.class)
                .hasMessage("builtin:iris: the target column of built-in data sets is 'target', not 'species'");
        assertThat(BuiltinDatasets.load("iris", ReadOptions.target(null)).targetName()).isEqualTo("target");
        assertThat(BuiltinDatasets.load("iris", ReadOptions.target("target")).classes()).containsExactly("0", "1", "2");
    }

    @Test
    void openDispatchesOnTheFileName(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("d.csv");
        Files.writeString(csv, "a,y\n1,2.5\n2,3.5\n");
        assertThat(Datasets.open(csv.toString(), "y").task()).isEqualTo(Task.REGRESSION);
        Path gz = dir.resolve("d.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("a,y\n1,x\n2,z\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(Datasets.open(gz.toString(), "y", TaskHint.AUTO, DType.FLOAT64).classes()).containsExactly("x", "z");
        for (String name : new String[] {"d.libsvm", "d.svm", "d.txt", "d.svm.gz"}) {
            Path p = dir.resolve(name);
            Files.writeString(p, "1 1:2\n0 2:3\n");
            Dataset d = Datasets.open(p.toString(), (String) null);
            assertThat(d.features()).as(name).isEqualTo(2);
            assertThat(d.task()).isEqualTo(Task.BINARY);
        }
        assertThatThrownBy(() -> Datasets.open(dir.resolve("missing.csv").toString(), "y"))
                .isInstanceOf(DataException.class).hasMessageEndingWith("missing.csv: no such file");
    }
}
