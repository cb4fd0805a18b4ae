package dev.descent.data;

import dev.descent.tensor.Rng;
import dev.descent.tensor.Shape;
import dev.descent.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * Cuts a {@link RowSource} (an in-memory {@link Dataset} or a memory-mapped {@link DscFile}) into batches, epoch after epoch: the one mechanism behind batch, stochastic and
 * mini-batch gradient descent ({@link BatchSize#full()}, {@code of(1)}, {@code of(N)}).
 *
 * <p><b>Order.</b> With shuffling on, epoch {@code e} visits the rows in the order
 * {@code rng.fork(e).permutation(n)} (the rows in file order, shuffled by {@link Rng#shuffle}), where {@code rng} is the generator given to the constructor (the trainer
 * passes {@code seeded(seed).fork("shuffle")}). Forking does not advance a generator, so epoch {@code e}'s
 * order depends only on the seed and {@code e}, never on how many epochs ran before: a run resumed at epoch
 * {@code e}, batch {@code b} ({@link #epoch(int, int)}) sees exactly the batches an uninterrupted run sees.
 * Without shuffling the order is the file order. A full batch is always the whole data set in file order,
 * shuffled or not (the order of rows in one batch changes nothing but float rounding); in memory it is the data
 * set's own tensors, not a copy, and rows from a file are read into one buffer that every epoch reuses (rather than
 * into a new tensor each step).
 *
 * <p><b>Sizes.</b> Batches hold {@code min(size, n)} rows; the last may be smaller, unless {@code dropLast}
 * drops it (so every step sees equal-sized batches). {@link #batchesPerEpoch()} counts them.
 *
 * <p><b>Buffers.</b> The batch tensors and row arrays are preallocated, one set for the regular size and one
 * for a smaller last batch, and overwritten by each batch: a {@link Batch} is valid until the next one is
 * requested ({@link Batch#copy()} keeps one). Hence a {@code Batcher} serves one iteration at a time and is not
 * thread-safe.
 */
public final class Batcher {

    private final RowSource data;
    private final BatchSize batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long rngState;

    private final int n;
    private final int rowsPerBatch;
    private int cachedEpoch = -1;
    private int[] cachedOrder;
    private Buffers regular;
    private Buffers last;
    /** The row arrays of batches left ungathered (their values stay in the data set). */
    private int[] regularRows;
    private int[] lastRows;

    /** A batch size's tensors; {@code w} holds the rows' weights when the data set has them. */
    private record Buffers(Tensor x, Tensor y, Optional<Tensor> w, int[] rows) {
    }

    /**
     * @param data the rows to batch
     * @param batchSize rows per batch
     * @param shuffle whether to visit the rows in a new random order every epoch
     * @param dropLast whether to drop a last batch smaller than the others
     * @param rng the generator of the epochs' orders (only its state is kept; it is not advanced)
     */
    public Batcher(RowSource data, BatchSize batchSize, boolean shuffle, boolean dropLast, Rng rng) {
        this.data = Objects.requireNonNull(data, "data");
        this.batchSize = Objects.requireNonNull(batchSize, "batchSize");
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.rngState = rng.state();
        this.n = data.size();
        this.rowsPerBatch = batchSize.rowsPerBatch(n);
    }

    /** A shuffling batcher that keeps the last, smaller batch, with order seeded by {@code seed}. */
    public static Batcher of(RowSource data, BatchSize batchSize, long seed) {
        return new Batcher(data, batchSize, true, false, Rng.seeded(seed).fork("shuffle"));
    }

    public RowSource data() {
        return data;
    }

    public BatchSize batchSize() {
        return batchSize;
    }

    /** Batches in each epoch. */
    public int batchesPerEpoch() {
        return batchSize.batchesPerEpoch(n, dropLast);
    }

    /** Rows seen per epoch (fewer than {@code n} when {@code dropLast} drops a batch). */
    public int rowsPerEpoch() {
        return Math.min(n, batchesPerEpoch() * rowsPerBatch);
    }

    /** The order in which epoch {@code epoch} visits the rows (a fresh array). */
    public int[] order(int epoch) {
        return order(epoch, new int[n]);
    }

    /**
     * Writes the order in which epoch {@code epoch} visits the rows into {@code into} ({@code n} elements) and
     * returns it: a loop over epochs reuses one array rather than allocating (and the garbage collector clearing) a
     * new one per epoch.
     */
    public int[] order(int epoch, int[] into) {
        checkEpoch(epoch);
        if (into.length != n) {
            throw new IllegalArgumentException("an order of " + n + " rows needs an array of " + n + ", got " + into.length);
        }
        for (int i = 0; i < n; i++) {
            into[i] = i;
        }
        if (shuffle && !batchSize.isFull()) {
            Rng.restore(rngState).fork(epoch).shuffle(into);
        }
        return into;
    }

    private int[] orderOf(int epoch) {
        checkEpoch(epoch);
        if (cachedOrder == null || (shuffle && !batchSize.isFull() && cachedEpoch != epoch)) {
            cachedOrder = order(epoch, cachedOrder == null ? new int[n] : cachedOrder);
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
    }

    /**
     * Batch {@code index} of epoch {@code epoch}. Its tensors are overwritten by the next call (see the class
     * comment).
     */
    public Batch batch(int epoch, int index) {
        return batch(epoch, index, true);
    }

    /**
     * Batch {@code index} of epoch {@code epoch}; with {@code gather} false and an in-memory {@link Dataset}, its rows
     * only: {@code x} and {@code y} are then the data set's own tensors, which {@link Batch#rows()} index, for a
     * consumer that reads the rows in place.
     */
    private Batch batch(int epoch, int index, boolean gather) {
        int count = batchesPerEpoch();
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("batch " + index + " of an epoch of " + count + " batches");
        }
        int[] order = orderOf(epoch);
        if ((batchSize.isFull() || rowsPerBatch == n && !shuffle) && data instanceof Dataset inMemory) {
            return new Batch(inMemory.x(), inMemory.y(), order, index, inMemory.weights());
        }
        int from = index * rowsPerBatch;
        int to = Math.min(n, from + rowsPerBatch);
        if (!gather && data instanceof Dataset inMemory) {
            int[] rows = rowArray(to - from);
            System.arraycopy(order, from, rows, 0, to - from);
            return new Batch(inMemory.x(), inMemory.y(), rows, index, inMemory.weights());
        }
        Buffers b = buffers(to - from);
        System.arraycopy(order, from, b.rows, 0, to - from);
        if (b.w.isPresent()) {
            data.gather(order, from, to, b.x, b.y, b.w.get());
        } else {
            data.gather(order, from, to, b.x, b.y);
        }
        return new Batch(b.x, b.y, b.rows, index, b.w);
    }

    /** The row array of an ungathered batch: one for the regular size, one for the smaller last batch. */
    private int[] rowArray(int size) {
        if (size == rowsPerBatch) {
            if (regularRows == null) {
                regularRows = new int[size];
            }
            return regularRows;
        }
        if (lastRows == null) {
            lastRows = new int[size];
        }
        return lastRows;
    }

    private Buffers buffers(int size) {
        if (size == rowsPerBatch) {
            if (regular == null) {
                regular = allocate(size);
            }
            return regular;
        }
        if (last == null) {
            last = allocate(size);
        }
        return last;
    }

    private Buffers allocate(int size) {
        return new Buffers(Tensor.zeros(data.dtype(), size, data.features()),
                Tensor.zeros(new Shape(data.targetDims(size)), data.dtype()),
                data.weighted() ? Optional.of(Tensor.zeros(data.dtype(), size)) : Optional.empty(), new int[size]);
    }

    /** The batches of epoch {@code epoch}, in order. */
    public Iterable<Batch> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * The batches of epoch {@code epoch} from batch {@code startBatch} on: resuming mid-epoch yields exactly the
     * batches an uninterrupted epoch yields from there.
     */
    public Iterable<Batch> epoch(int epoch, int startBatch) {
        return epoch(epoch, startBatch, true);
    }

    /**
     * {@link #epoch(int, int)}; with {@code gather} false, batches of an in-memory {@link Dataset} are its rows only
     * (see {@link #batch(int, int, boolean)}): the copy of each batch's values is left to a consumer that needs one.
     */
    public Iterable<Batch> epoch(int epoch, int startBatch, boolean gather) {
        int count = batchesPerEpoch();
        if (startBatch < 0 || startBatch > count) {
            throw new IndexOutOfBoundsException("start batch " + startBatch + " of an epoch of " + count + " batches");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return () -> new Iterator<>() {
            private int next = startBatch;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (next >= count) {
                    throw new NoSuchElementException();
                }
                return batch(epoch, next++, gather);
            }
        };
    }
}
