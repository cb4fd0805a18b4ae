package dev.descent.data;

import dev.descent.tensor.Tensor;

import java.util.Optional;

/**
 * Rows that need not fit in memory (a {@link DscFile}) with each row's weight multiplied by its class's as the rows are
 * gathered: {@code w_i · perClass[y_i]}, or {@code perClass[y_i]} for unweighted rows. The product is taken in float64
 * and rounded once to the rows' type, as {@link Dataset#withClassWeights} does for rows in memory, so a batch holds the
 * same weights either way, bit for bit. {@link #of} picks the in-memory form for a {@link Dataset}.
 *
 * @param source   the rows (classification)
 * @param perClass a finite weight {@code >= 0} per class index ({@link ClassWeights#resolve})
 */
public record ClassWeightedRows(RowSource source, double[] perClass) implements DerivedRows {

    public ClassWeightedRows {
        perClass = perClass.clone();
        if (!source.task().isClassification() || perClass.length != source.classes().size()) {
            throw new IllegalArgumentException(perClass.length + " class weights for " + source.classes().size()
                    + " classes");
        }
    }

    /** {@code rows} weighted by class: in memory {@link Dataset#withClassWeights}, else these rows. */
    public static RowSource of(RowSource rows, double[] perClass) {
        return rows instanceof Dataset d ? d.withClassWeights(perClass) : new ClassWeightedRows(rows, perClass);
    }

    @Override
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
        Tensor y = source.y();
        Optional<Tensor> rowWeights = source.weights();
        Tensor w = Tensor.zeros(dtype(), size());
        for (int i = 0; i < size(); i++) {
            w.set(i, (rowWeights.isPresent() ? rowWeights.get().at(i) : 1.0) * perClass[(int) y.at(i)]);
        }
        return Optional.of(w);
    }

    @Override
    public Tensor x() {
        return source.x();
    }
}
