package dev.descent.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExplainCommandTest {

    @Test
    void explain_everyOptimizerAndSchedule() {
        for (String name : new String[] {"sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad", "adadelta",
                "adamax", "nadam", "radam", "step", "exponential", "cosine", "onecycle", "warmup", "plateau"}) {
            Cli r = Cli.run("explain", name);
            assertThat(r.code()).as(name).isZero();
            assertThat(r.out()).as(name).isNotBlank();
        }
    }

    @Test
    void explain_adam_namesEquationsDefaultsPaperAndDifferences() {
        String text = Cli.run("explain", "adam").out();
        assertThat(text).contains("Kingma").contains("0.999").contains("Keras");
    }

    @Test
    void explain_unknown_listsValidNames() {
        Cli r = Cli.run("explain", "adamm");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown optimizer or schedule 'adamm'").contains("adam, ").contains("cosine");
    }
}
