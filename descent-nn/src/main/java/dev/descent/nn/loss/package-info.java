/**
 * Losses and weight penalties: each turns network outputs (or parameters) into a scalar {@code Node} to
 * differentiate.
 *
 * <h2>Vocabulary</h2>
 * <ul>
 *   <li><b>Loss</b>: {@code apply(output, target)} returns the <b>mean</b> over the batch (and over output
 *       columns). {@code mse} has no ½. {@code bce} and {@code ce} take <b>logits</b>, are computed in fused
 *       stable forms, and stay finite for logits of ±10⁴. {@code hinge} and {@code squared_hinge}
 *       ({@link dev.descent.nn.loss.MarginLoss}) take the raw output of a one-output binary classifier and 0/1
 *       targets, which they map to ∓1.</li>
 *   <li><b>Weights</b>: {@code apply(output, target, weights)} returns the weighted mean of the rows' losses,
 *       {@code Σ w_i·ℓ_i / Σ w_i} (PyTorch's class-weighted {@code CrossEntropyLoss}, Spark's {@code weightCol}),
 *       0 with no gradient when the weights sum to 0; {@code perRow} gives the {@code ℓ_i}.</li>
 *   <li><b>Targets</b> are constants: same shape as the outputs, {@code [batch]} for a single output, or for
 *       {@code ce} class indices {@code [batch]}.</li>
 *   <li><b>Penalty</b>: {@link dev.descent.nn.loss.L2} {@code (λ/2)Σ‖W‖²} and {@link dev.descent.nn.loss.L1}
 *       {@code λΣ|W|}, over kernels only; the trainer adds it to the loss to form the objective.</li>
 *   <li><b>Spec strings</b>: {@code mse}, {@code mae}, {@code huber(delta=1)}, {@code bce}, {@code ce},
 *       {@code hinge}, {@code squared_hinge}
 *       ({@link dev.descent.nn.loss.Loss#parse}).</li>
 * </ul>
 *
 * <pre>{@code
 * Loss loss = Loss.parse("ce");
 * Tape tape = new Tape();
 * Map<String, Node> p = tape.watch(params);
 * Node objective = loss.apply(net.forward(tape.constant(x), p, Mode.EVAL, null), labels).plus(new L2(1e-4).penalty(p));
 * Params grads = tape.gradient(objective, p);
 * }</pre>
 */
package dev.descent.nn.loss;
