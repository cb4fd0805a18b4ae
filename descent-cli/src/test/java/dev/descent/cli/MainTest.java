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

    /** 'descent --help' lists each command with the first line of its description, which must say it all. */
    @Test
    void help_summarisesEachCommandInOneSentence() {
        new picocli.CommandLine(new DescentCommand()).getSubcommands().forEach((name, command) -> {
            String[] description = command.getCommandSpec().usageMessage().description();
            assertThat(description).as(name).isNotEmpty();
            assertThat(description[0]).as(name).endsWith(".");
        });
    }

    @Test
    void unknownCommand_isAUsageError() {
        Cli r = Cli.run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent: error: ").contains("frobnicate");
    }

    @Test
    void noCommand_isAUsageErrorNamingTheCommands() {
        Cli r = Cli.run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).startsWith("descent: error: missing a command (demo, train, ")
                .endsWith("); 'descent --help' describes them").doesNotContain("\n");
    }

    @Test
    void version_namesTheKernels() {
        Cli r = Cli.run("--version");
        assertThat(r.out()).contains("kernels: ");
    }

    @Test
    void aFailedReadOrWriteIsOneLineNamingTheFile() {
        assertThat(Main.ioFailure(new java.nio.file.NoSuchFileException("out/model.json")))
                .isEqualTo("cannot read or write out/model.json: no such file or directory");
        assertThat(Main.ioFailure(new java.nio.file.FileSystemException("out/weights.bin", null, "No space left on device")))
                .isEqualTo("cannot read or write out/weights.bin: No space left on device");
        assertThat(Main.ioFailure(new java.io.IOException("stream closed"))).isEqualTo("input/output error: stream closed");
    }
}
