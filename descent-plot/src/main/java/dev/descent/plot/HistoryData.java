package dev.descent.plot;

import dev.descent.train.callback.History;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cost curves need from a run: every update's loss and learning rate, and every epoch's metrics,
 * from a {@link History} in memory or a {@code history.csv} on disk.
 *
 * @param steps  the update number of each recorded update
 * @param loss   each update's batch loss
 * @param lr     each update's learning rate
 * @param epochs one entry per finished epoch
 */
public record HistoryData(long[] steps, double[] loss, double[] lr, List<Epoch> epochs) {

    /** One epoch's metrics, keyed as in history.csv's columns ({@code loss} for the epoch's training loss). */
    public record Epoch(int epoch, long step, Map<String, Double> metrics) {

        /** A metric, NaN when absent. */
        public double get(String key) {
            return metrics.getOrDefault(key, Double.NaN);
        }
    }

    public HistoryData {
        if (steps.length != loss.length || steps.length != lr.length) {
            throw new IllegalArgumentException("steps, loss and lr need one entry per update");
        }
        epochs = List.copyOf(epochs);
    }

    /** The record of a run in memory. */
    public static HistoryData of(History history) {
        List<History.StepRecord> s = history.steps();
        long[] steps = new long[s.size()];
        double[] loss = new double[s.size()];
        double[] lr = new double[s.size()];
        for (int k = 0; k < s.size(); k++) {
            steps[k] = s.get(k).step();
            loss[k] = s.get(k).loss();
            lr[k] = s.get(k).lr();
        }
        List<Epoch> epochs = new ArrayList<>();
        for (History.EpochRecord e : history.epochs()) {
            epochs.add(new Epoch(e.epoch(), e.step(), new LinkedHashMap<>(e.metrics())));
        }
        return new HistoryData(steps, loss, lr, epochs);
    }

    /**
     * Reads a {@code history.csv} as written by {@link History#writeCsv}: columns found by name
     * ({@code epoch,step,loss,val_loss,lr}, then epoch-level columns filled on each epoch's last row;
     * {@code epoch_loss} is the epoch's loss), so files written before {@code val_loss} moved ahead of {@code lr}
     * read too.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException naming the file and line when it is not a history file
     */
    public static HistoryData read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        List<Long> steps = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        List<Double> lr = new ArrayList<>();
        List<Epoch> epochs = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new IllegalArgumentException(file + ": empty; expected a history.csv with a header epoch,step,loss,val_loss,lr,...");
            }
            String[] header = headerLine.strip().split(",", -1);
            int iEpoch = index(header, "epoch");
            int iStep = index(header, "step");
            int iLoss = index(header, "loss");
            int iLr = index(header, "lr");
            if (iStep < 0 || iLoss < 0) {
                throw new IllegalArgumentException(file + ": not a history file: the header needs the columns step and loss, got '"
                        + headerLine.strip() + "'");
            }
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != header.length) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": " + cells.length + " fields, the header has "
                            + header.length);
                }
                long step = (long) number(cells[iStep], file, lineNo, "step");
                steps.add(step);
                loss.add(number(cells[iLoss], file, lineNo, "loss"));
                lr.add(iLr < 0 || cells[iLr].isEmpty() ? Double.NaN : number(cells[iLr], file, lineNo, "lr"));
                Map<String, Double> metrics = new LinkedHashMap<>();
                for (int c = 0; c < header.length; c++) {
                    if (c == iEpoch || c == iStep || c == iLoss || c == iLr || cells[c].isEmpty()) {
                        continue;
                    }
                    String key = header[c].equals("epoch_loss") ? "loss" : header[c];
                    metrics.put(key, number(cells[c], file, lineNo, header[c]));
                }
                if (!metrics.isEmpty()) {
                    int epoch = iEpoch < 0 ? epochs.size() + 1 : (int) number(cells[iEpoch], file, lineNo, "epoch");
                    epochs.add(new Epoch(epoch, step, metrics));
                }
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows after the header; nothing to plot");
        }
        return new HistoryData(steps.stream().mapToLong(Long::longValue).toArray(),
                loss.stream().mapToDouble(Double::doubleValue).toArray(),
                lr.stream().mapToDouble(Double::doubleValue).toArray(), epochs);
    }

    private static int index(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].strip().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static double number(String cell, Path file, int line, String column) {
        try {
            return Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + ": column " + column + " needs a number, got '" + cell + "'");
        }
    }

    /** Whether any epoch has this metric. */
    public boolean hasEpochMetric(String key) {
        return epochs.stream().anyMatch(e -> Double.isFinite(e.get(key)));
    }
}
