package dev.descent.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeriveCommandTest {

    @Test
    void derive_seedsPowerRuleExamples() {
        assertThat(Cli.run("derive", "x^2").lastLine()).isEqualTo("2*x");
        assertThat(Cli.run("derive", "2*x^4").lastLine()).isEqualTo("8*x^3");
    }

    @Test
    void derive_withWrt_printsThatPartialAlone() {
        Cli r = Cli.run("derive", "(1-x)^2+100*(y-x^2)^2", "--wrt", "y");
        assertThat(r.code()).isZero();
        assertThat(r.lastLine()).isEqualTo("200*(y-x^2)");
    }

    @Test
    void derive_severalVariables_printsTheGradient() {
        Cli r = Cli.run("derive", "(1-x)^2+100*(y-x^2)^2");
        assertThat(r.out()).isEqualTo("d/dx = -2*(1-x)-400*x*(y-x^2)\nd/dy = 200*(y-x^2)\n");
    }

    @Test
    void derive_outputFeedsBackIntoMinimize() {
        String derivative = Cli.run("derive", "x^3-3*x").lastLine();
        Cli r = Cli.run("minimize", "(" + derivative + ")^2", "--start", "x=2", "--optimizer", "sgd(lr=0.01)", "--steps", "500");
        assertThat(r.code()).isZero();
    }

    @Test
    void expressionsMayStartWithAMinusSign() {
        assertThat(Cli.run("derive", "-x^2").lastLine()).isEqualTo("-2*x");
        assertThat(Cli.run("derive", "-(1-x)^3", "--wrt", "x").lastLine()).isEqualTo("3*(1-x)^2");
        assertThat(Cli.run("derive", "--wrt", "y", "-x*y").lastLine()).isEqualTo("-x");
        // derive's output fed back to minimize, as DESIGN.md promises, though it starts with '-'
        String derivative = Cli.run("derive", "1/x").lastLine();
        assertThat(derivative).isEqualTo("-1/x^2");
        Cli m = Cli.run("minimize", derivative, "--start", "x=2", "--optimizer", "sgd(lr=1)", "--steps", "1");
        assertThat(m.code()).as(m.err()).isZero();
        assertThat(m.out()).contains("start      x=2   loss=-0.25   grad_norm=0.25");
        Cli c = Cli.run("compare", "-exp(-x^2)", "--start", "x=1", "--optimizers", "sgd(lr=0.1)", "--steps", "3");
        assertThat(c.code()).as(c.err()).isZero();
        // negative numbers stay option values; unknown long options are still reported as such
        assertThat(Cli.run("minimize", "x^2", "--start", "x=1", "--tol", "-1").err()).contains("--tol must be >= 0");
        assertThat(Cli.run("derive", "-x^2", "--wtr", "x").err()).contains("Unknown option");
    }

    @Test
    void derive_parseError_pointsAtTheColumn() {
        Cli r = Cli.run("derive", "(1-x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent: error: expected ')' at column 5 in \"(1-x\"\n");
    }

    @Test
    void derive_unknownWrt_isAUsageError() {
        Cli r = Cli.run("derive", "x^2", "--wrt", "z");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--wrt z").contains("no variable 'z'").doesNotContain("\tat ");
    }
}
