package dev.descent.spark;

import dev.descent.io.ModelFiles;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.L2;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Optimizers;
import dev.descent.train.TapeGradients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A recipe is parsed once per JVM: every task's own deserialized copy finds the parsed objects by equality. */
class RecipeTest {

    private static Recipe recipe(String architecture, String optimizer) {
        return new Recipe(architecture, Loss.ce().spec(), "l2", 1e-3, optimizer, 0, 0.5, true);
    }

    @Test
    void anEqualRecipeReusesWhatTheFirstParsedAndAnotherParsesItsOwn() {
        String architecture = ModelFiles.architecture(Stack.of(Dense.of(4, Activation.TANH), Dense.of(3)));
        Recipe first = recipe(architecture, "adam(lr=0.01)");
        Recipe copy = recipe(new String(architecture), "adam(lr=0.01)");

        assertThat(copy.localStep()).isSameAs(first.localStep());
        assertThat(copy.dataGradients()).isSameAs(first.dataGradients());
        assertThat(first.dataGradients().penalty()).isEmpty();
        assertThat(first.localStep().gradients()).isInstanceOfSatisfying(TapeGradients.class,
                g -> assertThat(g.penalty()).contains(new L2(1e-3)));
        assertThat(first.localStep().optimizer()).isEqualTo(Optimizers.parse("adam(lr=0.01)"));
        assertThat(first.localStep().clipNorm()).isEqualTo(0.5);

        Recipe other = recipe(architecture, "sgd(lr=0.1)");
        assertThat(other.localStep()).isNotSameAs(first.localStep());
        assertThat(other.localStep().optimizer()).isEqualTo(Optimizers.parse("sgd(lr=0.1)"));
    }
}
