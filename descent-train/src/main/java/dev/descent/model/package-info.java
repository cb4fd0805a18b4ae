/**
 * The Keras-style model API: {@link dev.descent.model.Sequential} ({@code add}, {@code compile}, {@code fit},
 * {@code evaluate}, {@code predict}) and the seeds' classic models as {@link dev.descent.model.Presets}
 * (linear, logistic and softmax regression are single-layer Sequentials).
 *
 * <pre>{@code
 * Sequential model = new Sequential(Dense.of(64, Activation.RELU), Dense.of(10)).standardize();
 * model.compile(Optimizers.parse("adam(lr=0.001)"), Loss.ce(), "accuracy");
 * History h = model.fit(digits, FitOptions.builder().batchSize(32).epochs(30).validationSplit(0.1).build());
 * double accuracy = model.evaluate(test).get("accuracy");
 * }</pre>
 *
 * <p>A {@code Sequential} is the one mutable object a user holds: it owns the parameters and the optimizer
 * state and delegates every epoch to {@link dev.descent.train.Trainer}; a {@code compile} with a different optimizer
 * gives it a fresh state of its own kind, an equal one keeps the state. Saving and loading go through
 * {@code dev.descent.io} ({@code SavedModel}, {@code ModelFiles}). {@link dev.descent.model.Sequential#initFrom}
 * starts a model's training from a saved model's weights and standardization statistics (Keras'
 * {@code load_weights}, scikit-learn's {@code warm_start}); {@link dev.descent.model.WarmStart} says what must match.
 */
package dev.descent.model;
