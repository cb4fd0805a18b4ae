package dev.descent.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Named tensors in a fixed order: a model's parameters ({@code dense_1/kernel}, {@code dense_1/bias}), their
 * gradients, or an optimizer's moment buffers. The name-to-tensor mapping cannot change; the tensors
 * themselves are the live buffers that an optimizer step updates in place.
 *
 * <p>Insertion order is kept, so iterating, saving and summing over parameters is deterministic.
 */
public final class Params {

    private final Map<String, Tensor> tensors;

    private Params(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Builds a {@code Params} from name/tensor pairs in order. */
    public static Params of(Map<String, Tensor> tensors) {
        LinkedHashMap<String, Tensor> copy = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> copy.put(Objects.requireNonNull(name), Objects.requireNonNull(tensor)));
        return new Params(copy);
    }

    /** A {@code Params} with one tensor. */
    public static Params of(String name, Tensor tensor) {
        return of(Map.of(name, tensor));
    }

    /** A builder that keeps insertion order and refuses duplicate names. */
    public static Builder builder() {
        return new Builder();
    }

    /** Accumulates named tensors in order. */
    public static final class Builder {
        private final LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String name, Tensor tensor) {
            if (tensors.putIfAbsent(Objects.requireNonNull(name), Objects.requireNonNull(tensor)) != null) {
                throw new IllegalArgumentException("duplicate parameter name '" + name + "'");
            }
            return this;
        }

        public Params build() {
            return new Params(new LinkedHashMap<>(tensors));
        }
    }

    /** The tensor named {@code name}. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; have " + tensors.keySet());
        }
        return t;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** Names in order. */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /** Name-to-tensor view in order. */
    public Map<String, Tensor> asMap() {
        return tensors;
    }

    /** Number of named tensors. */
    public int count() {
        return tensors.size();
    }

    /** Total number of elements over all tensors. */
    public long totalSize() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.size();
        }
        return n;
    }

    /** A {@code Params} with {@code fn} applied to every tensor, names and order kept. */
    public Params map(UnaryOperator<Tensor> fn) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, fn.apply(t)));
        return new Params(out);
    }

    /** Zero tensors shaped and typed like these. */
    public Params zerosLike() {
        return map(t -> Tensor.zeros(t.shape(), t.dtype()));
    }

    /** Independent copies of every tensor. */
    public Params copy() {
        return map(Tensor::copy);
    }

    /** Copies every tensor of {@code source} (same names, shapes, dtypes) into these. Mutates. */
    public void copyFrom(Params source) {
        if (!names().equals(source.names())) {
            throw new IllegalArgumentException("parameter names differ: " + names() + " and " + source.names());
        }
        tensors.forEach((name, t) -> t.copyFrom(source.get(name)));
    }

    /** Euclidean norm over all tensors together. */
    public double globalNorm() {
        double s = 0.0;
        for (Tensor t : tensors.values()) {
            double n = t.norm();
            s += n * n;
        }
        return Math.sqrt(s);
    }

    /** True when both hold the same names with bit-identical tensors. */
    public boolean bitEquals(Params other) {
        if (!names().equals(other.names())) {
            return false;
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!e.getValue().bitEquals(other.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Params{");
        tensors.forEach((name, t) -> sb.append(sb.length() > 7 ? ", " : "").append(name).append(' ').append(t.shape()));
        return sb.append('}').toString();
    }
}
