package dev.descent.cli;

import dev.descent.data.BatchSize;
import dev.descent.data.Dataset;
import dev.descent.data.Datasets;
import dev.descent.model.Sequential;
import dev.descent.nn.ModelSpec;
import dev.descent.nn.Layer;
import dev.descent.nn.loss.MeanSquaredError;
import dev.descent.optim.Optimizers;
import dev.descent.plot.CostSurface;
import dev.descent.plot.Trail;
import dev.descent.tensor.Tensor;
import dev.descent.train.FitOptions;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeds' picture: batch, stochastic and mini-batch gradient descent on the cost surface J(w, b) of a
 * linear regression of the diabetes target on {@code bmi} (both standardized), for the same number of
 * epochs from the same start.
 */
final class CostSurfaceDemo {

    /** The learning rate every run uses. */
    static final double LR = 0.05;
    /** Epochs every run trains. */
    static final int EPOCHS = 30;
    /** Rows per update of the mini-batch run. */
    static final int MINI_BATCH = 16;

    private CostSurfaceDemo() {
    }

    /** One feature and the target of a built-in data set, both standardized (mean 0, standard deviation 1). */
    static double[][] column(String dataset, String feature) {
        Dataset d = Datasets.open(dataset, "target");
        int j = d.featureNames().indexOf(feature);
        if (j < 0) {
            throw new InputException(dataset + " has no feature '" + feature + "'");
        }
        int n = d.size();
        int p = d.features();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = d.x().at(i * p + j);
            y[i] = d.y().at(i);
        }
        return new double[][] {standardized(x), standardized(y)};
    }

    private static double[] standardized(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElse(0);
        double var = java.util.Arrays.stream(v).map(a -> (a - mean) * (a - mean)).average().orElse(0);
        double sd = var > 0 ? Math.sqrt(var) : 1;
        return java.util.Arrays.stream(v).map(a -> (a - mean) / sd).toArray();
    }

    /**
     * Trains {@code linear} with mse and {@code sgd(lr)} on the rows for {@code epochs} epochs of {@code batch}
     * rows per update, and returns the recorded path of (w, b), the start first.
     */
    static WeightPath descend(double[] x, double[] y, BatchSize batch, double lr, int epochs, long seed) {
        Sequential net = new Sequential(ModelSpec.stack("linear", 1).layers().toArray(Layer[]::new));
        net.compile(Optimizers.parse("sgd(lr=" + lr + ")"), new MeanSquaredError());
        WeightPath path = new WeightPath(net::params);
        net.fit(Tensor.of(x, x.length, 1), Tensor.of(y, y.length), FitOptions.builder().epochs(epochs).batchSize(batch)
                .seed(seed).shuffle(true).callback(path).build());
        return path;
    }

    /** The three paths on one contour plot. */
    static BufferedImage render() {
        double[][] rows = column("builtin:diabetes", "bmi");
        CostSurface surface = CostSurface.of(rows[0], rows[1]);
        List<Trail> trails = new ArrayList<>();
        String[] names = {"batch: all " + rows[0].length + " rows per update", "mini-batch: " + MINI_BATCH + " rows",
                "stochastic: 1 row"};
        BatchSize[] sizes = {BatchSize.full(), BatchSize.of(MINI_BATCH), BatchSize.of(1)};
        for (int k = 0; k < sizes.length; k++) {
            WeightPath p = descend(rows[0], rows[1], sizes[k], LR, EPOCHS, 0);
            trails.add(surface.trail(names[k], p.ws(), p.bs()));
        }
        return surface.render(trails, "Batch, mini-batch, stochastic: diabetes on bmi, "
                        + EPOCHS + " epochs, lr " + LR, "w (weight of bmi, standardized)", "b (bias)");
    }
}
