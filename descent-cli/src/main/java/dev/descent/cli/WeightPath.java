package dev.descent.cli;

import dev.descent.tensor.Params;
import dev.descent.train.callback.Callback;
import dev.descent.train.callback.TrainingControl;
import dev.descent.train.callback.TrainingEvent;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Records the {@code (w, b)} of a one-feature linear model at the start and after every update, for the
 * cost-surface picture. It only reads the live parameters it is handed (two numbers per update); it never
 * changes them or the training.
 */
final class WeightPath implements Callback {

    private final Supplier<Params> params;
    private double[] ws = new double[256];
    private double[] bs = new double[256];
    private int size;
    private String kernel;
    private String bias;

    /** @param params the live parameters, read when training begins and after each update (e.g. {@code net::params}) */
    WeightPath(Supplier<Params> params) {
        this.params = params;
    }

    @Override
    public void onTrainBegin(TrainingEvent.TrainBegin event, TrainingControl control) {
        record();
    }

    @Override
    public void onBatchEnd(TrainingEvent.BatchEnd event, TrainingControl control) {
        record();
    }

    private void record() {
        Params p = params.get();
        if (kernel == null) {
            for (String name : p.names()) {
                if (name.endsWith("/kernel")) {
                    kernel = name;
                } else if (name.endsWith("/bias")) {
                    bias = name;
                }
            }
            if (kernel == null || bias == null || p.get(kernel).size() != 1 || p.get(bias).size() != 1) {
                throw new IllegalStateException("a weight path needs one kernel and one bias value, got " + p.names());
            }
        }
        if (size == ws.length) {
            ws = Arrays.copyOf(ws, size * 2);
            bs = Arrays.copyOf(bs, size * 2);
        }
        ws[size] = p.get(kernel).at(0);
        bs[size] = p.get(bias).at(0);
        size++;
    }

    /** The weights, the start first. */
    double[] ws() {
        return Arrays.copyOf(ws, size);
    }

    /** The biases, the start first. */
    double[] bs() {
        return Arrays.copyOf(bs, size);
    }

    /** Points recorded (updates + 1). */
    int size() {
        return size;
    }
}
