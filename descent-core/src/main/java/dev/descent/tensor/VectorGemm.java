package dev.descent.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packed, register-blocked matrix multiply on the Vector API (Goto/BLIS structure), float32 and float64.
 *
 * <ul>
 *   <li>B is packed once per call, in parallel over column panels, into the calling thread's scratch buffer:
 *       for every depth block of {@code KC}, panels of {@code NR} columns (two vectors) stored {@code [p][NR]},
 *       zero-padded on the right. Both layouts of B ({@code [k,n]} or transposed {@code [n,k]}) pack the same
 *       way, so one micro-kernel serves all four transpose combinations.</li>
 *   <li>The rows of C are split over {@link Parallel#forRange} in chunks whose size depends only on
 *       {@code m, k, n} ({@link #rowGrain}). A chunk takes up to {@code MC} rows of op(A) per depth block and
 *       sweeps the B panels (L1-resident) across their {@code MR}-row tiles. float32 reads a plain A's whole
 *       tiles in place (six rows, each along its depth) and packs the rest row by row, so the micro-kernel
 *       always reads six rows at unit stride: C2 then drops its bounds checks from the loop, which on an AVX2
 *       host was worth 15% (AVX2's FMAs do half the work of AVX-512's for the same checks). float64 packs every
 *       tile.</li>
 *   <li>float32 products with an A of up to 4 MiB (the training shapes, 1024³) split the columns instead, in a few
 *       contiguous runs of panels per thread ({@link #columnChunks}): each chunk packs its own panels of B and
 *       computes every row for them, so no packed data passes between cores and only A, which all only read, is
 *       shared. On this project's two-vCPU host the row split lost a third of its speed whenever the host made
 *       data exchanged between the vCPUs expensive; the column split kept most of it. When A is transposed
 *       and B the smaller operand ({@link #packsOwnB}), such a product splits its rows instead, into as many chunks,
 *       and every thread packs all of B for itself, once a call, for the first of its chunks: nothing passes
 *       between cores either way, and each thread packs only its own rows of A.</li>
 *   <li>The micro-kernel keeps an {@code MR x NR} tile of C in 12 vector registers and does one FMA chain per
 *       element over the depth block; later depth blocks reload C and continue the chain. Every element of C is
 *       thus accumulated in ascending {@code k} by one thread, in the same tile whichever way the work is split:
 *       bit-identical for any thread count and either split.</li>
 *   <li>Partial tiles (the right and bottom edges) run the same kernel on a scratch tile and copy back.</li>
 * </ul>
 * After warm-up no call allocates: scratch buffers live per thread and only grow.
 */
final class VectorGemm {

    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    static final int FSL = FS.length();
    static final int DSL = DS.length();

    /**
     * Multiply-adds per parallel chunk, at least: about 10 microseconds on one core, far above the persistent
     * pool's hand-off cost (well under a microsecond while its workers spin).
     */
    static final long CHUNK_WORK = 1L << 21;
    /**
     * Micro-tile rows per chunk, at least: every chunk sweeps all of packed B, so thin chunks would re-read B
     * from L2 more often than they compute on it.
     */
    static final int MIN_CHUNK_TILES = 8;
    /** Upper bound on row chunks per product. */
    static final int MAX_CHUNKS = 8;

    private VectorGemm() {
    }

    /** Per-thread packing buffers, grown on demand and reused. */
    static final class Scratch {
        private float[] fa = new float[0];
        private float[] fb = new float[0];
        /** The job and call whose whole B {@link #fb} holds, packed by this thread; null when none. */
        private FloatJob packedFor;
        private long packedCall;
        private float[] ft = new float[0];
        private double[] da = new double[0];
        private double[] db = new double[0];
        private double[] dt = new double[0];
        /** This thread's reusable sgemm tasks. */
        final FloatJob floatJob = new FloatJob();
        /** This thread's reusable dgemm tasks. */
        final DoubleJob doubleJob = new DoubleJob();

        float[] floatA(int size) {
            if (fa.length < size) {
                fa = new float[size];
            }
            return fa;
        }

        /** The buffer for packed B; whatever it held is then no longer any call's packed B. */
        float[] floatB(int size) {
            packedFor = null;
            if (fb.length < size) {
                fb = new float[size];
            }
            return fb;
        }

        /**
         * All of B as this thread packed it for call {@code call} of {@code job} ({@link FloatJob#rowsOwnB}), or null
         * when it has not packed it since.
         */
        float[] packedB(FloatJob job, long call) {
            return packedFor == job && packedCall == call ? fb : null;
        }

        /** Records that {@link #floatB} now holds all of B for call {@code call} of {@code job}. */
        void packed(FloatJob job, long call) {
            packedFor = job;
            packedCall = call;
        }

        float[] floatTile(int size) {
            if (ft.length < size) {
                ft = new float[size];
            }
            return ft;
        }

        double[] doubleA(int size) {
            if (da.length < size) {
                da = new double[size];
            }
            return da;
        }

        double[] doubleB(int size) {
            if (db.length < size) {
                db = new double[size];
            }
            return db;
        }

        double[] doubleTile(int size) {
            if (dt.length < size) {
                dt = new double[size];
            }
            return dt;
        }
    }

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Rows of C per parallel chunk: a whole number of {@code mr}-row tiles, a function of the sizes only. A product
     * gets {@code work / CHUNK_WORK} chunks, at most {@link #MAX_CHUNKS} and at most one per
     * {@link #MIN_CHUNK_TILES} tiles, rounded down to an even count (which balances on two cores).
     */
    static int rowGrain(int m, int k, int n, int mr) {
        int tiles = (m + mr - 1) / mr;
        long work = (long) m * k * n;
        int chunks = (int) Math.min(Math.min(MAX_CHUNKS, tiles / MIN_CHUNK_TILES), work / CHUNK_WORK);
        if (chunks > 1) {
            chunks &= ~1;
        }
        chunks = Math.max(1, chunks);
        int chunkTiles = (tiles + chunks - 1) / chunks;
        return Math.max(1, chunkTiles * mr);
    }

    /** Largest op(A), in values, that the column split lets every thread read whole (4 MiB of float32). */
    static final long COLUMN_SPLIT_MAX_A = 1L << 20;

    /**
     * Column chunks per thread, at most: the pool's threads claim chunks as they go (the caller from the first, the
     * others from the last), so a thread that the host holds back leaves the rest of its share to the others instead
     * of making them wait at the join. On the two-vCPU AVX2 host, timing each half of a one-chunk-per-thread split
     * showed the first to finish waiting 30 µs (median) to 79 µs (mean) of a 373-418 µs product (128x784x256) for
     * the other; four chunks a thread made that product 7-8% faster and 1024³ 2.5% (medians of alternations in a
     * noisy phase; the fast phase's best runs were within 3%), two chunks a thread did nothing. Only for an A of up
     * to {@link #MULTI_CHUNK_MAX_A}: every chunk reads all of A, which for 1024³ (4 MiB) comes from L3 again for each
     * chunk, and whole-bench alternations there leaned the other way. The fourth pass had measured more chunks slower
     * on an AVX-512 host, where neighbouring chunks' shared cache line of C on every row cost more than the waits
     * they save; rerun there. A product that splits its rows instead ({@link #packsOwnB}) gets as many row chunks:
     * for W2's layer-1 weight gradient (784x128x256, Aᵀ) four a thread instead of one were 5.0% and 6.8% faster in
     * two alternations, each thread still packing B once.
     */
    static final int COLUMN_CHUNKS_PER_THREAD = 4;

    /** Largest op(A), in values, split into more than one column chunk a thread (512 KiB of float32, L2's size). */
    static final long MULTI_CHUNK_MAX_A = 1L << 17;

    /**
     * Column chunks for a float32 product, or at most 1 for the row split: runs of panels, one per thread (up to
     * {@link #COLUMN_CHUNKS_PER_THREAD} for an A of up to {@link #MULTI_CHUNK_MAX_A}; at most one per panel), when A
     * is small enough for every thread to read it whole and there are panels for every thread, each chunk worth at
     * least {@link #CHUNK_WORK}. The count
     * depends on the thread count, which is safe here because the split does not change any element's arithmetic.
     */
    static int columnChunks(int m, int k, int n, int panels) {
        int threads = Parallel.threadsHere();
        if (panels < threads || (long) m * k > COLUMN_SPLIT_MAX_A) {
            return 0;
        }
        long work = (long) m * k * n;
        long perThread = (long) m * k <= MULTI_CHUNK_MAX_A ? COLUMN_CHUNKS_PER_THREAD : 1;
        long most = threads == 1 ? 1 : Math.min(panels, perThread * threads);
        return (int) Math.min(most, work / CHUNK_WORK);
    }

    /**
     * Whether a product that qualifies for the column split should rather split its rows, each thread packing
     * all of B for itself: the column split has every thread pack the whole of a transposed A (its rows run
     * across the array, so each value is copied on its own), and when B is the smaller of the two
     * ({@code k·npad < m·k}) copying B once per thread costs less. It also leaves each thread only its own rows of
     * A to pack. The weight gradients {@code aᵀ·dz} of a wide layer are such products.
     */
    static boolean packsOwnB(int m, int npad, boolean transA) {
        return transA && npad < m;
    }

    /** Column panels of B packed per parallel chunk: about 16K values (64 KB of float32), a few microseconds. */
    static int packGrain(int k, int nr) {
        return (int) Math.max(1L, (1L << 14) / ((long) k * nr));
    }

    // ================================================================ float32

    /** Rows of the float32 micro-tile. */
    static final int SMR = 6;
    /** Columns of the float32 micro-tile: two vectors. */
    static final int SNR = 2 * FSL;
    /** Depth of a packed float32 block (B panel = SKC x SNR floats, 32 KiB with 512-bit vectors). */
    static final int SKC = 256;
    /** Rows of A swept per depth block before the next (SMC x SKC floats stay in L2). */
    static final int SMC = 16 * SMR;

    static void sgemm(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB) {
        sgemm(a, b, c, m, k, n, transA, transB, null);
    }

    /** {@link #sgemm} then {@code epilogue} on each block of C, by the thread that computed it (null: none). */
    static void sgemm(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB,
                      RawKernels.Epilogue epilogue) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0f);
            if (epilogue != null) {
                epilogue.apply(c, 0, m, 0, n);
            }
            return;
        }
        int panels = (n + SNR - 1) / SNR;
        int npad = panels * SNR;
        Scratch caller = SCRATCH.get();
        FloatJob job = caller.floatJob;
        float[] bp;
        if (job.c == null) {
            bp = caller.floatB(k * npad);
        } else {
            // A product started from an epilogue of one still running on this thread: the outer one's job and
            // packed B are in use, so this one gets its own (allocated; no fused path does this).
            job = new FloatJob();
            bp = new float[k * npad];
        }
        job.set(a, b, c, m, k, n, transA, transB, panels, npad, bp);
        job.call++;
        job.epilogue = epilogue;
        try {
            int columnChunks = columnChunks(m, k, n, panels);
            if (columnChunks > 1 && packsOwnB(m, npad, transA)) {
                // as many chunks, of rows: each thread packs all of B once, for the first chunk it runs
                int tiles = (m + SMR - 1) / SMR;
                Parallel.forRange(m, (tiles + columnChunks - 1) / columnChunks * SMR, job.rowsOwnB);
            } else if (columnChunks > 1) {
                Parallel.forRange(panels, (panels + columnChunks - 1) / columnChunks, job.columns);
            } else {
                Parallel.forRange(panels, packGrain(k, SNR), job.pack);
                Parallel.forRange(m, rowGrain(m, k, n, SMR), job.rows);
            }
        } finally {
            job.set(null, null, null, 0, 0, 0, false, false, 0, 0, null);
            job.epilogue = null;
        }
    }

    /**
     * The parallel tasks of one sgemm call, over fields set by the calling thread before each
     * {@link Parallel#forRange} (which publishes them to the workers) and cleared after it: one per thread, in its
     * {@link Scratch}, so a call allocates nothing once warmed up.
     */
    static final class FloatJob {
        private float[] a;
        private float[] b;
        private float[] c;
        private int m;
        private int k;
        private int n;
        private boolean transA;
        private boolean transB;
        private int panels;
        private int npad;
        private float[] bp;
        private RawKernels.Epilogue epilogue;
        /** Counts this job's calls, so that a thread knows whether the B it packed is this call's. */
        private long call;
        /** Packs column panels {@code [from, to)} of B into {@code bp}. */
        final Parallel.RangeTask pack = this::pack;
        /** Computes rows {@code [from, to)} of C from the packed B. */
        final Parallel.RangeTask rows = this::rows;
        /** Packs column panels {@code [from, to)} of B, then computes those columns of every row of C. */
        final Parallel.RangeTask columns = this::columns;
        /**
         * Computes rows {@code [from, to)} of C from all of B packed in the running thread's own buffer, which it
         * packs for the first chunk of the call it runs.
         */
        final Parallel.RangeTask rowsOwnB = this::rowsOwnB;

        void set(float[] a, float[] b, float[] c, int m, int k, int n, boolean transA, boolean transB, int panels, int npad,
                 float[] bp) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.m = m;
            this.k = k;
            this.n = n;
            this.transA = transA;
            this.transB = transB;
            this.panels = panels;
            this.npad = npad;
            this.bp = bp;
        }

        private void pack(int from, int to) {
            pack(from, to, bp);
        }

        private void pack(int from, int to, float[] bp) {
            float[] b = this.b;
            int k = this.k;
            int n = this.n;
            boolean transB = this.transB;
            int npad = this.npad;
            for (int jp = from; jp < to; jp++) {
                packB(b, k, n, transB, jp, npad, bp);
            }
        }

        private void rows(int from, int to) {
            compute(from, to, 0, panels, bp);
            if (epilogue != null) {
                epilogue.apply(c, from, to, 0, n);
            }
        }

        private void rowsOwnB(int from, int to) {
            // the caller's own buffer is bp itself, unused by the other threads in this split
            Scratch s = SCRATCH.get();
            float[] own = s.packedB(this, call);
            if (own == null) {
                own = s.floatB(k * npad);
                pack(0, panels, own);
                s.packed(this, call);
            }
            compute(from, to, 0, panels, own);
            if (epilogue != null) {
                epilogue.apply(c, from, to, 0, n);
            }
        }

        private void columns(int from, int to) {
            pack(from, to);
            compute(0, m, from, to, bp);
            if (epilogue != null) {
                epilogue.apply(c, 0, m, from * SNR, Math.min(n, to * SNR));
            }
        }

        /** Rows {@code [from, to)} of C, column panels {@code [panelFrom, panelTo)}, from B packed in {@code bp}. */
        private void compute(int from, int to, int panelFrom, int panelTo, float[] bp) {
            float[] a = this.a;
            float[] c = this.c;
            int m = this.m;
            int k = this.k;
            int n = this.n;
            boolean transA = this.transA;
            int npad = this.npad;
            Scratch s = SCRATCH.get();
            float[] ap = s.floatA(SMC * SKC);
            float[] tile = s.floatTile(SMR * SNR);
            for (int pc = 0; pc < k; pc += SKC) {
                int kc = Math.min(SKC, k - pc);
                boolean acc = pc > 0;
                for (int ic = from; ic < to; ic += SMC) {
                    int mc = Math.min(SMC, to - ic);
                    packA(a, m, k, transA, ic, mc, pc, kc, ap);
                    for (int jp = panelFrom; jp < panelTo; jp++) {
                        int j0 = jp * SNR;
                        int nr = Math.min(SNR, n - j0);
                        int bo = pc * npad + jp * kc * SNR;
                        for (int t = 0, i = ic; i < ic + mc; t++, i += SMR) {
                            int mr = Math.min(SMR, ic + mc - i);
                            // A whole tile of a plain A is read in place, six rows along their depth; others
                            // were packed the same way, row by row
                            boolean inPlace = mr == SMR && !transA;
                            float[] src = inPlace ? a : ap;
                            int ao = inPlace ? i * k + pc : t * SMR * kc;
                            int rows = inPlace ? k : kc;
                            if (mr == SMR && nr == SNR) {
                                kernel(src, ao, rows, bp, bo, kc, c, i * n + j0, n, acc);
                            } else {
                                edge(src, ao, rows, bp, bo, kc, c, i * n + j0, n, acc, mr, nr, tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Packs the {@code jp}-th column panel of B for every depth block: {@code [pc block][panel][p][SNR]}. */
    private static void packB(float[] b, int k, int n, boolean transB, int jp, int npad, float[] bp) {
        int j0 = jp * SNR;
        int nr = Math.min(SNR, n - j0);
        for (int pc = 0; pc < k; pc += SKC) {
            int kc = Math.min(SKC, k - pc);
            int base = pc * npad + jp * kc * SNR;
            if (!transB) {
                // Two vector moves per row of the panel: System.arraycopy's call per 16 values cost three times
                // as much. The right edge loads through masks, which also write its zero padding.
                VectorMask<Float> first = FS.indexInRange(0, nr);
                VectorMask<Float> second = FS.indexInRange(FSL, nr);
                int src = pc * n + j0;
                for (int dst = base; dst < base + kc * SNR; dst += SNR, src += n) {
                    if (nr == SNR) {
                        FloatVector.fromArray(FS, b, src).intoArray(bp, dst);
                        FloatVector.fromArray(FS, b, src + FSL).intoArray(bp, dst + FSL);
                    } else {
                        FloatVector.fromArray(FS, b, src, first).intoArray(bp, dst);
                        FloatVector.fromArray(FS, b, src + FSL, second).intoArray(bp, dst + FSL);
                    }
                }
            } else {
                for (int jj = 0; jj < nr; jj++) {
                    int src = (j0 + jj) * k + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * SNR + jj] = b[src + p];
                    }
                }
                if (nr < SNR) {
                    for (int p = 0; p < kc; p++) {
                        java.util.Arrays.fill(bp, base + p * SNR + nr, base + (p + 1) * SNR, 0f);
                    }
                }
            }
        }
    }

    /**
     * Packs the tiles of rows {@code [ic, ic+mc)} of op(A), depth {@code [pc, pc+kc)}, that the kernel does not read
     * in place: tile t at {@code ap[t·SMR·kc]}, stored row by row ({@code [r][kc]}, a partial tile zero-padded to
     * SMR rows). A plain A's whole tiles are read in place; a transposed A's tiles are all packed, since its rows
     * run across the array.
     */
    private static void packA(float[] a, int m, int k, boolean transA, int ic, int mc, int pc, int kc, float[] ap) {
        for (int t = 0, i = ic; i < ic + mc; t++, i += SMR) {
            int mr = Math.min(SMR, ic + mc - i);
            if (mr == SMR && !transA) {
                continue;
            }
            int base = t * SMR * kc;
            if (transA && mr == SMR) {
                packTransposedTile(a, (pc * m) + i, m, kc, ap, base);
                continue;
            }
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = (pc + p) * m + i;
                    for (int r = 0; r < mr; r++) {
                        ap[base + r * kc + p] = a[src + r];
                    }
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    System.arraycopy(a, (i + r) * k + pc, ap, base + r * kc, kc);
                }
            }
            java.util.Arrays.fill(ap, base + mr * kc, base + SMR * kc, 0f);
        }
    }

    /**
     * One whole tile of a transposed A: six adjacent values of each of {@code kc} rows of the stored array, from
     * {@code src} on, {@code lda} apart, into six rows of {@code kc} at {@code base}. Written out for six rows, C2
     * checks each store's bounds once for the loop and each row's six loads together: twice as fast as the loop
     * over the rows it replaces, which was a sixth of a weight gradient's time.
     */
    private static void packTransposedTile(float[] a, int src, int lda, int kc, float[] ap, int base) {
        int r1 = base + kc;
        int r2 = r1 + kc;
        int r3 = r2 + kc;
        int r4 = r3 + kc;
        int r5 = r4 + kc;
        for (int p = 0; p < kc; p++, src += lda) {
            float v0 = a[src];
            float v1 = a[src + 1];
            float v2 = a[src + 2];
            float v3 = a[src + 3];
            float v4 = a[src + 4];
            float v5 = a[src + 5];
            ap[base + p] = v0;
            ap[r1 + p] = v1;
            ap[r2 + p] = v2;
            ap[r3 + p] = v3;
            ap[r4 + p] = v4;
            ap[r5 + p] = v5;
        }
    }

    /** A partial tile: run the full kernel on a scratch tile and copy the valid {@code mr x nr} part. */
    private static void edge(float[] ap, int ao, int rStep, float[] bp, int bo, int kc, float[] c, int co,
                             int ldc, boolean acc, int mr, int nr, float[] tile) {
        if (acc) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, co + r * ldc, tile, r * SNR, nr);
            }
        }
        kernel(ap, ao, rStep, bp, bo, kc, tile, 0, SNR, acc);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * SNR, c, co + r * ldc, nr);
        }
    }

    /**
     * The SMR x SNR micro-kernel: {@code C[6 x 2 vectors] (+)= Apanel · Bpanel} over {@code kc}, one FMA chain per
     * element in ascending depth. A's value for row r and depth p is {@code ap[ao + r·rStep + p]}: a plain A read in
     * place ({@code rStep} = its row length) or a packed tile ({@code rStep = kc}). The unit stride in p is what
     * lets C2 hoist the bounds checks (a stride held in a variable kept one check per load in the loop: 60-74
     * against 86-93 GFLOP/s for an L1-resident tile on one AVX2 core). Kept in its own small method: C2 compiles it
     * far better than when inlined.
     */
    private static void kernel(float[] ap, int ao, int rStep, float[] bp, int bo, int kc, float[] c, int co,
                               int ldc, boolean acc) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (acc) {
            c00 = FloatVector.fromArray(FS, c, co);
            c01 = FloatVector.fromArray(FS, c, co + FSL);
            c10 = FloatVector.fromArray(FS, c, co + ldc);
            c11 = FloatVector.fromArray(FS, c, co + ldc + FSL);
            c20 = FloatVector.fromArray(FS, c, co + 2 * ldc);
            c21 = FloatVector.fromArray(FS, c, co + 2 * ldc + FSL);
            c30 = FloatVector.fromArray(FS, c, co + 3 * ldc);
            c31 = FloatVector.fromArray(FS, c, co + 3 * ldc + FSL);
            c40 = FloatVector.fromArray(FS, c, co + 4 * ldc);
            c41 = FloatVector.fromArray(FS, c, co + 4 * ldc + FSL);
            c50 = FloatVector.fromArray(FS, c, co + 5 * ldc);
            c51 = FloatVector.fromArray(FS, c, co + 5 * ldc + FSL);
        } else {
            c00 = FloatVector.zero(FS);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
        }
        int a0 = ao;
        int a1 = ao + rStep;
        int a2 = ao + 2 * rStep;
        int a3 = ao + 3 * rStep;
        int a4 = ao + 4 * rStep;
        int a5 = ao + 5 * rStep;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bo);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bo + FSL);
            FloatVector x = FloatVector.broadcast(FS, ap[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(FS, ap[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(FS, ap[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(FS, ap[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(FS, ap[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(FS, ap[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            bo += SNR;
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + FSL);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + FSL);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + FSL);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + FSL);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + FSL);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + FSL);
    }

    // ================================================================ float64

    /** Rows of the float64 micro-tile. */
    static final int DMR = 6;
    /** Columns of the float64 micro-tile: two vectors. */
    static final int DNR = 2 * DSL;
    /** Depth of a packed float64 block (B panel = DKC x DNR doubles, 32 KiB with 512-bit vectors). */
    static final int DKC = 256;
    /** Rows of A packed at once per thread (DMC x DKC doubles stay in L2). */
    static final int DMC = 16 * DMR;

    static void dgemm(double[] a, double[] b, double[] c, int m, int k, int n, boolean transA, boolean transB) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0.0);
            return;
        }
        int panels = (n + DNR - 1) / DNR;
        int npad = panels * DNR;
        Scratch caller = SCRATCH.get();
        DoubleJob job = caller.doubleJob;
        job.set(a, b, c, m, k, n, transA, transB, panels, npad, caller.doubleB(k * npad));
        try {
            Parallel.forRange(panels, packGrain(k, DNR), job.pack);
            Parallel.forRange(m, rowGrain(m, k, n, DMR), job.rows);
        } finally {
            job.set(null, null, null, 0, 0, 0, false, false, 0, 0, null);
        }
    }

    /**
     * The two parallel tasks of one dgemm call, over fields set by the calling thread before each
     * {@link Parallel#forRange} (which publishes them to the workers) and cleared after it: one per thread, in its
     * {@link Scratch}, so a call allocates nothing once warmed up.
     */
    static final class DoubleJob {
        private double[] a;
        private double[] b;
        private double[] c;
        private int m;
        private int k;
        private int n;
        private boolean transA;
        private boolean transB;
        private int panels;
        private int npad;
        private double[] bp;
        /** Packs column panels {@code [from, to)} of B into {@code bp}. */
        final Parallel.RangeTask pack = this::pack;
        /** Computes rows {@code [from, to)} of C. */
        final Parallel.RangeTask rows = this::rows;

        void set(double[] a, double[] b, double[] c, int m, int k, int n, boolean transA, boolean transB, int panels, int npad,
                 double[] bp) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.m = m;
            this.k = k;
            this.n = n;
            this.transA = transA;
            this.transB = transB;
            this.panels = panels;
            this.npad = npad;
            this.bp = bp;
        }

        private void pack(int from, int to) {
            double[] b = this.b;
            int k = this.k;
            int n = this.n;
            boolean transB = this.transB;
            int npad = this.npad;
            double[] bp = this.bp;
            for (int jp = from; jp < to; jp++) {
                packB(b, k, n, transB, jp, npad, bp);
            }
        }

        private void rows(int from, int to) {
            double[] a = this.a;
            double[] c = this.c;
            int m = this.m;
            int k = this.k;
            int n = this.n;
            boolean transA = this.transA;
            int panels = this.panels;
            int npad = this.npad;
            double[] bp = this.bp;
            Scratch s = SCRATCH.get();
            double[] ap = s.doubleA(DMC * DKC);
            double[] tile = s.doubleTile(DMR * DNR);
            for (int pc = 0; pc < k; pc += DKC) {
                int kc = Math.min(DKC, k - pc);
                boolean acc = pc > 0;
                for (int ic = from; ic < to; ic += DMC) {
                    int mc = Math.min(DMC, to - ic);
                    packA(a, m, k, transA, ic, mc, pc, kc, ap);
                    for (int jp = 0; jp < panels; jp++) {
                        int j0 = jp * DNR;
                        int nr = Math.min(DNR, n - j0);
                        int bo = pc * npad + jp * kc * DNR;
                        for (int t = 0, i = ic; i < ic + mc; t++, i += DMR) {
                            int mr = Math.min(DMR, ic + mc - i);
                            int ao = t * kc * DMR;
                            if (mr == DMR && nr == DNR) {
                                kernel(ap, ao, bp, bo, kc, c, i * n + j0, n, acc);
                            } else {
                                edge(ap, ao, bp, bo, kc, c, i * n + j0, n, acc, mr, nr, tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Packs the {@code jp}-th column panel of B for every depth block: {@code [pc block][panel][p][DNR]}. */
    private static void packB(double[] b, int k, int n, boolean transB, int jp, int npad, double[] bp) {
        int j0 = jp * DNR;
        int nr = Math.min(DNR, n - j0);
        for (int pc = 0; pc < k; pc += DKC) {
            int kc = Math.min(DKC, k - pc);
            int base = pc * npad + jp * kc * DNR;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * DNR;
                    System.arraycopy(b, (pc + p) * n + j0, bp, dst, nr);
                    if (nr < DNR) {
                        java.util.Arrays.fill(bp, dst + nr, dst + DNR, 0.0);
                    }
                }
            } else {
                for (int jj = 0; jj < nr; jj++) {
                    int src = (j0 + jj) * k + pc;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * DNR + jj] = b[src + p];
                    }
                }
                if (nr < DNR) {
                    for (int p = 0; p < kc; p++) {
                        java.util.Arrays.fill(bp, base + p * DNR + nr, base + (p + 1) * DNR, 0.0);
                    }
                }
            }
        }
    }

    /** Packs rows {@code [ic, ic+mc)} of op(A), depth {@code [pc, pc+kc)}, as DMR-row tiles {@code [tile][p][DMR]}. */
    private static void packA(double[] a, int m, int k, boolean transA, int ic, int mc, int pc, int kc, double[] ap) {
        for (int t = 0, i = ic; i < ic + mc; t++, i += DMR) {
            int mr = Math.min(DMR, ic + mc - i);
            int base = t * kc * DMR;
            if (transA) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, (pc + p) * m + i, ap, base + p * DMR, mr);
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int src = (i + r) * k + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * DMR + r] = a[src + p];
                    }
                }
            }
            if (mr < DMR) {
                for (int p = 0; p < kc; p++) {
                    java.util.Arrays.fill(ap, base + p * DMR + mr, base + (p + 1) * DMR, 0.0);
                }
            }
        }
    }

    /** A partial tile: run the full kernel on a scratch tile and copy the valid {@code mr x nr} part. */
    private static void edge(double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int co, int ldc,
                             boolean acc, int mr, int nr, double[] tile) {
        if (acc) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, co + r * ldc, tile, r * DNR, nr);
            }
        }
        kernel(ap, ao, bp, bo, kc, tile, 0, DNR, acc);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * DNR, c, co + r * ldc, nr);
        }
    }

    /**
     * The DMR x DNR micro-kernel: {@code C[6 x 2 vectors] (+)= Apanel · Bpanel} over {@code kc}, one FMA chain per
     * element in ascending depth. Kept in its own small method: C2 compiles it far better than when inlined.
     */
    private static void kernel(double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int co, int ldc,
                               boolean acc) {
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (acc) {
            c00 = DoubleVector.fromArray(DS, c, co);
            c01 = DoubleVector.fromArray(DS, c, co + DSL);
            c10 = DoubleVector.fromArray(DS, c, co + ldc);
            c11 = DoubleVector.fromArray(DS, c, co + ldc + DSL);
            c20 = DoubleVector.fromArray(DS, c, co + 2 * ldc);
            c21 = DoubleVector.fromArray(DS, c, co + 2 * ldc + DSL);
            c30 = DoubleVector.fromArray(DS, c, co + 3 * ldc);
            c31 = DoubleVector.fromArray(DS, c, co + 3 * ldc + DSL);
            c40 = DoubleVector.fromArray(DS, c, co + 4 * ldc);
            c41 = DoubleVector.fromArray(DS, c, co + 4 * ldc + DSL);
            c50 = DoubleVector.fromArray(DS, c, co + 5 * ldc);
            c51 = DoubleVector.fromArray(DS, c, co + 5 * ldc + DSL);
        } else {
            c00 = DoubleVector.zero(DS);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
        }
        for (int p = 0; p < kc; p++) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bo);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bo + DSL);
            DoubleVector x = DoubleVector.broadcast(DS, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(DS, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(DS, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(DS, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = DoubleVector.broadcast(DS, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = DoubleVector.broadcast(DS, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            ao += DMR;
            bo += DNR;
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + DSL);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + DSL);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + DSL);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + DSL);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + DSL);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + DSL);
    }
}
