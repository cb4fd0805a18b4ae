/**
 * Reverse-mode automatic differentiation over a {@link dev.descent.autograd.Tape}.
 *
 * <p>A {@link dev.descent.autograd.Tape} records every {@link dev.descent.autograd.Node} created from its
 * leaves ({@code variable} for what is differentiated, {@code constant} for data). Each operation on a node
 * computes its value at once and keeps a small backward rule; {@code tape.gradient(loss, x)} runs the rules in
 * reverse order of creation and returns the gradients. Gradients are values handed back to the caller, not
 * fields on the nodes.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Node w = tape.variable(Tensor.vector(0.5, -0.2));
 * Node x = tape.constant(Tensor.vector(1.0, 2.0));
 * Node loss = w.times(x).sum().square();          // (w·x)²
 * Tensor grad = tape.gradient(loss, w);           // 2(w·x)·x
 * }</pre>
 *
 * <p>Operations: {@code plus minus times div pow neg exp log sqrt abs sin cos tanh sigmoid relu leakyRelu
 * softplus matmul sum mean max reshape transpose logSumExp softmax logSoftmax}, broadcasting as
 * {@link dev.descent.tensor.Tensor} does, and the fused, numerically stable losses
 * {@code softmaxCrossEntropy} and {@code binaryCrossEntropyWithLogits}. {@link dev.descent.autograd.GradCheck}
 * compares any function's gradient with central differences; every rule here is tested with it.
 */
package dev.descent.autograd;
