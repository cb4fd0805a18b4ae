package dev.descent.spark;

import dev.descent.data.BuiltinDatasets;
import dev.descent.io.ModelFiles;
import dev.descent.nn.Activation;
import dev.descent.nn.Dense;
import dev.descent.nn.Stack;
import dev.descent.nn.loss.L1;
import dev.descent.nn.loss.Loss;
import dev.descent.optim.Clipping;
import dev.descent.optim.Optimizers;
import dev.descent.tensor.DType;
import dev.descent.train.TapeGradients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A recipe is parsed once per JVM: every task's own deserialized copy finds the parsed objects by equality. */
class RecipeTest {

    private static Recipe recipe(String architecture, String optimizer) {
        return new Recipe(architecture, Loss.ce().spec(), "l1", 1e-3, optimizer, 0, 0.25, 0.5, true);
    }

    private static final Shard IRIS = Shard.split(BuiltinDatasets.load("iris", DType.FLOAT32), 1)[0];
    private static final Shard IRIS64 = Shard.split(BuiltinDatasets.load("iris", DType.FLOAT64), 1)[0];

    @Test
    void anEqualRecipeReusesWhatTheFirstParsedAndAnotherParsesItsOwn() {
        String architecture = ModelFiles.architecture(Stack.of(Dense.of(4, Activation.TANH), Dense.of(3)));
        Recipe first = recipe(architecture, "adam(lr=0.01)");
        Recipe copy = recipe(new String(architecture), "adam(lr=0.01)");

        assertThat(copy.dataGradients(IRIS64)).isSameAs(first.dataGradients(IRIS64));
        assertThat(first.dataGradients(IRIS64)).isInstanceOfSatisfying(TapeGradients.class,
                g -> assertThat(g.penalty()).isEmpty()); // float64: the tape's, without the penalty
        assertThat(copy.localStep(IRIS64).gradients()).isSameAs(first.localStep(IRIS64).gradients());
        assertThat(first.localStep(IRIS64).gradients()).isInstanceOfSatisfying(TapeGradients.class,
                g -> assertThat(g.penalty()).contains(new L1(1e-3))); // float64: the tape's, with the penalty
        assertThat(first.localStep(IRIS).optimizer()).isEqualTo(Optimizers.parse("adam(lr=0.01)"));
        assertThat(first.localStep(IRIS).clipping()).isEqualTo(new Clipping(0, 0.25, 0.5));

        Recipe other = recipe(architecture, "sgd(lr=0.1)");
        assertThat(other.dataGradients(IRIS64)).isNotSameAs(first.dataGradients(IRIS64));
        assertThat(other.localStep(IRIS).optimizer()).isEqualTo(Optimizers.parse("sgd(lr=0.1)"));
    }

    /**
     * A synchronous step's partition sums its data gradients as local training computes them: fused in float32 (the
     * driver adds the penalty once), and a new one per task (they keep buffers); averaging's local step too, penalty
     * included.
     */
    @Test
    void aPartitionsDataGradientsAreTheFusedOnesWhereTheyCoverTheModel() {
        String architecture = ModelFiles.architecture(Stack.of(Dense.of(4, Activation.TANH), Dense.of(3)));
        Recipe recipe = recipe(architecture, "adam(lr=0.01)");
        assertThat(recipe.dataGradients(IRIS)).isNotInstanceOf(TapeGradients.class)
                .isNotSameAs(recipe.dataGradients(IRIS));
        assertThat(recipe.localStep(IRIS).gradients()).as("with the L1 penalty").isNotInstanceOf(TapeGradients.class);
    }

    /** As local training: the fused gradients for a model they cover, a new one per task (they keep buffers). */
    @Test
    void aReluMlpWithoutPenaltyStepsOnTheFusedGradients() {
        String architecture = ModelFiles.architecture(Stack.of(Dense.of(4, Activation.RELU), Dense.of(3)));
        Recipe recipe = new Recipe(architecture, Loss.ce().spec(), "", 0, "sgd(lr=0.1)", 0, 0, 0.5, true);
        assertThat(recipe.localStep(IRIS).gradients()).isNotInstanceOf(TapeGradients.class)
                .isNotSameAs(recipe.localStep(IRIS).gradients());
        assertThat(recipe.localStep(IRIS).clipping()).isEqualTo(new Clipping(0, 0, 0.5));
    }
}
