/**
 * Layers, activations, initializers and {@link dev.descent.nn.Stack}, a pure stack of layers: the networks
 * that {@code dev.descent.train} trains. Nothing here knows about optimizers.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li><b>Layer</b>: an immutable record describing one step ({@link dev.descent.nn.Dense},
 *       {@link dev.descent.nn.Dropout}); its parameters live outside it.</li>
 *   <li><b>Params</b>: the parameters by name, {@code <layer name>/kernel} ({@code [in, units]}) and
 *       {@code <layer name>/bias} ({@code [units]}), in layer order.</li>
 *   <li><b>Mode</b>: {@code TRAIN} (dropout active) or {@code EVAL} (deterministic).</li>
 *   <li><b>Rng</b>: randomness is always passed in; {@code Stack} forks it per layer name, for
 *       initialization and for dropout masks.</li>
 *   <li><b>Shapes</b>: a batch of examples is {@code [batch, features]}; every layer maps
 *       {@code [batch, in]} to {@code [batch, out]}.</li>
 *   <li><b>Logits</b>: classifier stacks end in a linear layer; the losses {@code bce} and {@code ce} apply
 *       the sigmoid or softmax themselves.</li>
 * </ul>
 *
 * <pre>{@code
 * Stack net = ModelSpec.parse("mlp(16, activation=tanh)").build(1);   // or Stack.of(Dense.of(16, TANH), Dense.of(1))
 * Params params = net.init(3, DType.FLOAT64, Rng.seeded(0).fork("init"));
 * Tape tape = new Tape();
 * Map<String, Node> p = tape.watch(params);
 * Params grads = tape.gradient(Loss.mse().apply(net.forward(tape.constant(x), p, Mode.TRAIN, null), y), p);
 * }</pre>
 *
 * <p>{@link dev.descent.nn.ModelSpec} reads the command line's {@code --model} strings, and
 * {@link dev.descent.nn.Stack#summary(int)} prints a Keras-style table.
 */
package dev.descent.nn;
