package dev.descent.nn;

/**
 * Whether a forward pass is for training or for evaluation. Only layers that behave differently in the two
 * read it: {@link Dropout} drops units in {@link #TRAIN} and is the identity in {@link #EVAL}.
 */
public enum Mode {
    /** A training step: dropout is active and draws its mask from the {@link dev.descent.tensor.Rng} passed in. */
    TRAIN,
    /** Evaluation and prediction: deterministic, no random numbers used. */
    EVAL
}
