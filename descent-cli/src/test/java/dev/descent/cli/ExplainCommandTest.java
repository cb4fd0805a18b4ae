package dev.descent.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExplainCommandTest {

    @Test
    void explain_everyOptimizerScheduleAndAverage() {
        for (String name : new String[] {"sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw", "adagrad", "adadelta",
                "adamax", "nadam", "radam", "step", "multistep", "exponential", "inverse_time", "polynomial", "cosine",
                "cosine_restarts", "cyclic", "onecycle", "warmup", "plateau", "ema", "swa"}) {
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
    void explain_newerSchedules_nameTheirTorchKerasAndSparkNamesakes() {
        assertThat(Cli.run("explain", "multistep").out()).contains("MultiStepLR", "milestones = (required)", "gamma = 0.1");
        assertThat(Cli.run("explain", "inverse_time").out()).contains("InverseTimeDecay", "Spark", "sqrt(i)", "power = 1");
        assertThat(Cli.run("explain", "polynomial").out()).contains("PolynomialLR", "PolynomialDecay", "end_lr = 0");
        assertThat(Cli.run("explain", "cosine_restarts").out()).contains("CosineAnnealingWarmRestarts", "Loshchilov", "t_mult = 1");
        assertThat(Cli.run("explain", "cyclic").out()).contains("CyclicLR", "Smith", "step_size_up = 2000", "mode = triangular");
    }

    @Test
    void explain_unknown_listsValidNames() {
        Cli r = Cli.run("explain", "adamm");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown optimizer, schedule or average 'adamm'").contains("adam, ").contains("cosine")
                .contains("valid averages: ema, swa");
    }
}
