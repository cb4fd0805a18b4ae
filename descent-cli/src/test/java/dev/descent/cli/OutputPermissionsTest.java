package dev.descent.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outputs written under a temporary name and renamed into place get the permissions of any file their user creates
 * (the umask's), as model.json and the pictures do, not the owner-only ones of {@code Files.createTempFile}: a
 * {@code .dsc} file or predictions for others (or for a cluster's executors running as another user) to read.
 */
class OutputPermissionsTest {

    @Test
    void convertAndPredictOutputs_haveTheDefaultPermissions(@TempDir Path dir) throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));

        Path dsc = dir.resolve("iris.dsc");
        Cli.ok("convert", "builtin:iris", dsc.toString());
        assertThat(Files.getPosixFilePermissions(dsc)).as("convert's .dsc").isEqualTo(plain);

        Path model = dir.resolve("m");
        Cli.ok("train", "--data", "builtin:iris", "--epochs", "1", "--quiet", "--out", model.toString());
        Path predictions = dir.resolve("p.csv");
        Cli.ok("predict", "--model", model.toString(), "--data", "builtin:iris", "--out", predictions.toString());
        assertThat(Files.getPosixFilePermissions(predictions)).as("predict's --out").isEqualTo(plain);
        assertThat(Files.getPosixFilePermissions(model.resolve("model.json"))).as("model.json").isEqualTo(plain);
    }
}
