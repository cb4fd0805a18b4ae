package dev.descent.data;

import dev.descent.tensor.DType;
import dev.descent.tensor.Tensor;

import java.util.Optional;

/**
 * Rows that need not fit in memory (a {@link DscFile}) with each row's weight multiplied by its class's as the rows are
 * gathered: {@code w_i · perClass[y_i]}, or {@code perClass[y_i]} for unweighted rows. The product is taken in float64
 * and rounded once to the rows' type, as {@link Dataset#withClassWeights} does for rows in memory, so a batch holds the
 * same weights either way, bit for bit. {@link #of} picks the in-memory form for a {@link Dataset}.
 *
 * <p>The rows' {@link #totalWeight()} is found once, when they are made (every run checks it, and the trainer asks
 * again): from a file, in a pass over its target and weight columns alone ({@link DscFile#totalWeight(double[])}).
 */
public final class ClassWeightedRows implements DerivedRows {

    private final RowSource source;
    private final double[] perClass;
    private final double totalWeight;

    /**
     * @param source   the rows (classification)
     * @param perClass a finite weight {@code >= 0} per class index ({@link ClassWeights#resolve})
     */
    public ClassWeightedRows(RowSource source, double[] perClass) {
        if (!source.task().isClassification() || perClass.length != source.classes().size()) {
            throw new IllegalArgumentException(perClass.length + " class weights for " + source.classes().size()
                    + " classes");
        }
        this.source = source;
        this.perClass = perClass.clone();
        // a file reads two of its columns; any other source gives its targets and weights whole
        this.totalWeight = source instanceof DscFile file ? file.totalWeight(this.perClass)
                : Rows.sum(products(source.y(), source.weights(), this.perClass, source.dtype()));
    }

    /** {@code rows} weighted by class: in memory {@link Dataset#withClassWeights}, else these rows. */
    public static RowSource of(RowSource rows, double[] perClass) {
        return rows instanceof Dataset d ? d.withClassWeights(perClass) : new ClassWeightedRows(rows, perClass);
    }

    /**
     * Each row's weight times its class's, {@code rowWeights[i] · perClass[y[i]]} ({@code perClass[y[i]]} without row
     * weights), taken in float64 and rounded once to {@code dtype}: the weights of rows weighted by class.
     *
     * @param y class indices, {@code [n]}
     */
    static Tensor products(Tensor y, Optional<Tensor> rowWeights, double[] perClass, DType dtype) {
        Tensor w = Tensor.zeros(dtype, y.size());
        for (int i = 0; i < w.size(); i++) {
            w.set(i, (rowWeights.isPresent() ? rowWeights.get().at(i) : 1.0) * perClass[(int) y.at(i)]);
        }
        return w;
    }

    @Override
    public RowSource source() {
        return source;
    }

    /** The weight of each class index. */
    public double[] perClass() {
        return perClass.clone();
    }

    @Override
    public void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut, Tensor wOut) {
        if (source.weighted()) {
            source.gather(order, from, to, xOut, yOut, wOut);
        } else {
            source.gather(order, from, to, xOut, yOut);
        }
        for (int i = 0; i < to - from; i++) {
            wOut.set(i, (source.weighted() ? wOut.at(i) : 1.0) * perClass[(int) yOut.at(i)]);
        }
    }

    @Override
    public void gather(int[] order, int from, int to, Tensor xOut, Tensor yOut) {
        source.gather(order, from, to, xOut, yOut);
    }

    @Override
    public boolean weighted() {
        return true;
    }

    /** Every row's weight in memory, from every row's target and source weight (as {@link #y()} reads them). */
    @Override
    public Optional<Tensor> weights() {
        return Optional.of(products(source.y(), source.weights(), perClass, dtype()));
    }

    /**
     * {@code Σ w_i · perClass[y_i]}, each product rounded to the rows' type as a batch holds it, added in row order in
     * float64: {@link Dataset#withClassWeights}' {@link Dataset#totalWeight()} on the same rows, bit for bit.
     */
    @Override
    public double totalWeight() {
        return totalWeight;
    }

    @Override
    public Tensor x() {
        return source.x();
    }
}
