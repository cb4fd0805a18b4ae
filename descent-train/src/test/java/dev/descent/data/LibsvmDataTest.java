package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.tensor.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibsvmDataTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    private static final ReadOptions OPTIONS = ReadOptions.target(null).withDType(DType.FLOAT64);

    @Test
    void densifiesSparseRows() throws IOException {
        Path p = write("a.svm", "# a comment line\n+1 1:0.5 3:2\n-1 2:1.5  # trailing comment\n\n+1\n");
        Dataset d = LibsvmData.read(p, OPTIONS);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.features()).isEqualTo(3);
        assertThat(d.featureNames()).containsExactly("f1", "f2", "f3");
        assertThat(d.targetName()).isEqualTo("label");
        assertThat(d.x().toDoubleArray()).containsExactly(0.5, 0, 2, 0, 1.5, 0, 0, 0, 0);
        assertThat(d.task()).isEqualTo(Task.BINARY);
        assertThat(d.classes()).containsExactly("-1", "1");
        assertThat(d.y().toDoubleArray()).containsExactly(1, 0, 1);
        assertThat(d.source()).isEqualTo("a.svm");
    }

    @Test
    void givenFeatureCountPadsColumns() throws IOException {
        Path p = write("a.svm", "1.5 1:1\n2.5 2:1\n");
        Dataset d = LibsvmData.read(p, OPTIONS.withLibsvmFeatures(4).withTask(TaskHint.REGRESSION));
        assertThat(d.features()).isEqualTo(4);
        assertThat(d.task()).isEqualTo(Task.REGRESSION);
        assertThat(d.y().toDoubleArray()).containsExactly(1.5, 2.5);
    }

    @Test
    void regressionLabels() throws IOException {
        Dataset d = LibsvmData.read(write("r.svm", "0.25 1:1\n-3.5 1:2\n"), OPTIONS);
        assertThat(d.task()).isEqualTo(Task.REGRESSION);
        assertThat(d.y().toDoubleArray()).containsExactly(0.25, -3.5);
    }

    @Test
    void imposedClasses() throws IOException {
        Path p = write("new.svm", "1 1:1\n3 1:2\n");
        assertThatThrownBy(() -> LibsvmData.read(p, OPTIONS.withClasses(List.of("0", "1", "2"))))
                .isInstanceOf(DataException.class)
                .hasMessage("new.svm:2: class '3' was not seen in training; known classes: 0, 1, 2");
    }

    private void assertError(String content, String message) throws IOException {
        Path p = write("a.svm", content);
        assertThatThrownBy(() -> LibsvmData.read(p, OPTIONS)).isInstanceOf(DataException.class).hasMessage(message);
    }

    @Test
    void errorsNameLineAndToken() throws IOException {
        assertError("1 1:1\n1 1:1\n0 4\n", "a.svm:3: token 2 ('4'): expected index:value");
        assertError("1 1:1\n0 x:2\n", "a.svm:2: token 2 ('x:2'): the index must be an integer >= 1");
        assertError("1 0:1\n", "a.svm:1: token 2 ('0:1'): the index must be an integer >= 1");
        assertError("1 2:1 2:3\n", "a.svm:1: token 3 ('2:3'): indices must increase (previous was 2)");
        assertError("1 3:1 2:3\n", "a.svm:1: token 3 ('2:3'): indices must increase (previous was 3)");
        assertError("1 1:abc\n", "a.svm:1: token 2 ('1:abc'): expected a number, got 'abc'");
        assertError("1 1:nan\n", "a.svm:1: token 2 ('1:nan'): NaN or infinite value 'nan'");
        assertError("1 1:\n", "a.svm:1: token 2 ('1:'): expected index:value");
        assertError("", "a.svm: no examples (the file is empty)");
        assertError("# only a comment\n", "a.svm: no examples (the file is empty)");
        assertError("1\n0\n", "a.svm: no features in any line");
    }

    /** A LIBSVM file's target is each line's first field: a column name meant for a CSV is refused, not ignored. */
    @Test
    void aTargetColumnOtherThanTheLabelIsRefused() throws IOException {
        Path p = write("a.svm", "1 1:1\n0 1:2\n");
        assertThatThrownBy(() -> LibsvmData.read(p, OPTIONS.withTarget("price")))
                .isInstanceOf(DataException.class)
                .hasMessage("a.svm: the target of a LIBSVM file is the first field of each line ('label'); it has no "
                        + "column 'price'");
        for (String target : List.of("label", "target")) {
            assertThat(LibsvmData.read(p, ReadOptions.target(target)).y().toDoubleArray()).as(target).containsExactly(1, 0);
        }
    }

    @Test
    void regressionLabelMustBeANumber() throws IOException {
        Path p = write("a.svm", "1 1:1\nabc 1:2\n");
        assertThatThrownBy(() -> LibsvmData.read(p, OPTIONS.withTask(TaskHint.REGRESSION)))
                .hasMessage("a.svm:2: label: expected a number, got 'abc'");
    }

    @Test
    void indexBeyondGivenCount() throws IOException {
        Path p = write("a.svm", "1 1:1 5:2\n");
        assertThatThrownBy(() -> LibsvmData.read(p, OPTIONS.withLibsvmFeatures(4)))
                .hasMessage("a.svm:1: token 3 ('5:2'): index 5 is beyond the 4 features");
    }
}
