package dev.descent.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void help_listsTheCommands() {
        Cli r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("minimize").contains("derive").contains("explain").contains("demo");
    }

    @Test
    void unknownCommand_isAUsageError() {
        Cli r = Cli.run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: error: ").contains("frobnicate");
    }

    @Test
    void version_namesTheKernels() {
        Cli r = Cli.run("--version");
        assertThat(r.out()).contains("kernels: ");
    }
}
