/**
 * Test helpers shared by the tests of every module above core: {@link dev.descent.testkit.TensorAssert}
 * (relative closeness with the worst element named, bit identity) and {@link dev.descent.testkit.Gen}
 * (seeded generators for property tests). Used in test scope only; the user-callable gradient checker is
 * {@code dev.descent.autograd.GradCheck} in core.
 */
package dev.descent.testkit;
