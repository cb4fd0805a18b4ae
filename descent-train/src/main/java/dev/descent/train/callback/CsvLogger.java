package dev.descent.train.callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams one CSV row per epoch while training runs (Keras {@code CSVLogger}): {@code epoch} then the
 * epoch's metrics in sorted key order, flushed after every row so a long run can be watched.
 */
public final class CsvLogger implements Callback {

    private final Writer out;
    private List<String> columns;

    public CsvLogger(Writer out) {
        this.out = out;
    }

    @Override
    public void onEpochEnd(TrainingEvent.EpochEnd event, TrainingControl control) {
        try {
            if (columns == null) {
                columns = new ArrayList<>(event.metrics().keySet());
                columns.sort(null);
                out.write("epoch," + String.join(",", columns) + "\n");
            }
            StringBuilder row = new StringBuilder().append(event.epoch());
            for (String c : columns) {
                Double v = event.metrics().get(c);
                row.append(',').append(v == null ? "" : v.toString());
            }
            out.write(row.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
