package dev.descent.optim;

import dev.descent.tensor.Params;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mutable state of an optimizer, owned by the caller: the step count, named scalars (e.g. NAdam's
 * {@code mu_product}) and named slot buffers (one {@link Params} per slot, shaped and typed like the
 * parameters: {@code exp_avg}, {@code exp_avg_sq}, {@code momentum_buffer}, ...).
 *
 * <p>Everything is enumerable ({@link #step()}, {@link #scalars()}, {@link #slots()}) and can be rebuilt with
 * {@link #of}, so a checkpoint can write the state and restore it bit for bit. The step count is the number
 * of updates already applied; inside an update the equations use {@code t = step() + 1}.
 */
public final class OptimizerState {

    private long step;
    private final String[] scalarNames;
    private final double[] scalarValues;
    private final Map<String, Params> slots;
    /**
     * The update's view of the last params this state was stepped with ({@link Updates#bind}); not part of the state
     * (not copied, saved or compared), and only ever refers to those params and to this state's own slot buffers.
     */
    Updates.Bound bound;

    private OptimizerState(long step, String[] scalarNames, double[] scalarValues, Map<String, Params> slots) {
        this.step = step;
        this.scalarNames = scalarNames;
        this.scalarValues = scalarValues;
        this.slots = slots;
    }

    /**
     * A state from its parts (used to restore a saved state). The maps are copied (their order kept); the
     * slot tensors are used as they are, not copied.
     */
    public static OptimizerState of(long step, Map<String, Double> scalars, Map<String, Params> slots) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        String[] names = new String[scalars.size()];
        double[] values = new double[scalars.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : scalars.entrySet()) {
            names[i] = Objects.requireNonNull(e.getKey());
            values[i] = Objects.requireNonNull(e.getValue());
            i++;
        }
        LinkedHashMap<String, Params> copy = new LinkedHashMap<>();
        slots.forEach((name, p) -> copy.put(Objects.requireNonNull(name), Objects.requireNonNull(p)));
        return new OptimizerState(step, names, values, Collections.unmodifiableMap(copy));
    }

    /** Updates already applied (0 after {@code init}). */
    public long step() {
        return step;
    }

    /** Scalar names in order. */
    public List<String> scalarNames() {
        return List.of(scalarNames);
    }

    /** The scalar named {@code name}. */
    public double scalar(String name) {
        return scalarValues[scalarIndex(name)];
    }

    /** The scalars by name, in order (a copy). */
    public Map<String, Double> scalars() {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < scalarNames.length; i++) {
            out.put(scalarNames[i], scalarValues[i]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Slot names in order. */
    public List<String> slotNames() {
        return new ArrayList<>(slots.keySet());
    }

    /** The live buffers of slot {@code name}. */
    public Params slot(String name) {
        Params p = slots.get(name);
        if (p == null) {
            throw new IllegalArgumentException("optimizer state has no slot '" + name + "'; have " + slots.keySet());
        }
        return p;
    }

    /** The slots by name, in order (the live buffers). */
    public Map<String, Params> slots() {
        return slots;
    }

    /** An independent deep copy. */
    public OptimizerState copy() {
        LinkedHashMap<String, Params> copy = new LinkedHashMap<>();
        slots.forEach((name, p) -> copy.put(name, p.copy()));
        return new OptimizerState(step, scalarNames.clone(), scalarValues.clone(), Collections.unmodifiableMap(copy));
    }

    /** Overwrites this state with {@code source} (same scalar and slot names, shapes, dtypes). Mutates. */
    public void copyFrom(OptimizerState source) {
        if (!List.of(scalarNames).equals(List.of(source.scalarNames)) || !slots.keySet().equals(source.slots.keySet())) {
            throw new IllegalArgumentException("optimizer states differ: " + this + " and " + source);
        }
        slots.forEach((name, p) -> p.copyFrom(source.slots.get(name)));
        System.arraycopy(source.scalarValues, 0, scalarValues, 0, scalarValues.length);
        step = source.step;
    }

    /** True when step, scalars (bit for bit) and every slot buffer (bit for bit) are equal. */
    public boolean bitEquals(OptimizerState other) {
        if (step != other.step || !List.of(scalarNames).equals(List.of(other.scalarNames))
                || !slots.keySet().equals(other.slots.keySet())) {
            return false;
        }
        for (int i = 0; i < scalarValues.length; i++) {
            if (Double.doubleToRawLongBits(scalarValues[i]) != Double.doubleToRawLongBits(other.scalarValues[i])) {
                return false;
            }
        }
        for (Map.Entry<String, Params> e : slots.entrySet()) {
            if (!e.getValue().bitEquals(other.slots.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Increments the step count and returns the new value, the {@code t} of the equations. */
    long advance() {
        return ++step;
    }

    void setScalar(String name, double value) {
        scalarValues[scalarIndex(name)] = value;
    }

    private int scalarIndex(String name) {
        for (int i = 0; i < scalarNames.length; i++) {
            if (scalarNames[i].equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("optimizer state has no scalar '" + name + "'; have " + List.of(scalarNames));
    }

    @Override
    public String toString() {
        return "OptimizerState{step=" + step + ", scalars=" + scalars() + ", slots=" + slots.keySet() + "}";
    }
}
