package dev.descent.autograd;

import dev.descent.tensor.Params;
import dev.descent.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records operations on {@link Node}s so that {@link #gradient} can run them backwards (reverse-mode
 * automatic differentiation).
 *
 * <p>Nodes are appended in the order they are created, which is already a topological order: every
 * node's inputs were created before it. The backward sweep therefore walks the list from the end,
 * adding each node's contribution to its inputs' gradients. Gradients are returned, never stored on the
 * nodes, so nothing can leak from one step into the next. A tape is used for one forward/backward pass
 * and then dropped.
 *
 * <pre>{@code
 * Tape tape = new Tape();
 * Node x = tape.variable(Tensor.vector(3.0));
 * Node y = x.square().sum();                 // y = x^2
 * Tensor dy = tape.gradient(y, x);           // [6.0]
 * }</pre>
 */
public final class Tape {

    private final List<Node> nodes = new ArrayList<>();

    /** A leaf whose gradient is wanted. */
    public Node variable(Tensor value) {
        return add(value, true, new Node[0], null);
    }

    /** A leaf with no gradient (data, targets). */
    public Node constant(Tensor value) {
        return add(value, false, new Node[0], null);
    }

    /** A variable node for every tensor of {@code params}, by name, in order. */
    public Map<String, Node> watch(Params params) {
        Map<String, Node> out = new LinkedHashMap<>();
        params.asMap().forEach((name, t) -> out.put(name, variable(t)));
        return out;
    }

    Node add(Tensor value, boolean requiresGrad, Node[] inputs, Node.Backward backward) {
        for (Node input : inputs) {
            if (input.tape() != this) {
                throw new IllegalArgumentException("nodes from different tapes cannot be combined");
            }
        }
        Node node = new Node(this, nodes.size(), value, requiresGrad, inputs, backward);
        nodes.add(node);
        return node;
    }

    /** Number of recorded nodes. */
    public int size() {
        return nodes.size();
    }

    /**
     * Gradients of the scalar {@code output} with respect to every node that requires one: element
     * {@code node.index()} of the returned array, or {@code null} where the node does not influence the
     * output.
     *
     * @throws IllegalArgumentException if {@code output} has more than one element
     */
    public Tensor[] gradients(Node output) {
        if (output.value().size() != 1) {
            throw new IllegalArgumentException("gradient needs a scalar output, got shape " + output.shape());
        }
        Tensor[] grads = new Tensor[nodes.size()];
        grads[output.index()] = Tensor.ones(output.shape(), output.value().dtype());
        for (int i = output.index(); i >= 0; i--) {
            Node node = nodes.get(i);
            Tensor g = grads[i];
            if (g == null || node.backward() == null) {
                continue;
            }
            Tensor[] inputGrads = node.backward().apply(g);
            Node[] inputs = node.inputs();
            for (int k = 0; k < inputs.length; k++) {
                Node in = inputs[k];
                if (!in.requiresGrad() || inputGrads[k] == null) {
                    continue;
                }
                Tensor contribution = inputGrads[k].sumTo(in.shape());
                int j = in.index();
                grads[j] = grads[j] == null ? contribution : grads[j].plus(contribution);
            }
        }
        return grads;
    }

    /** The gradient of the scalar {@code output} with respect to {@code wrt} (zeros if it has no influence). */
    public Tensor gradient(Node output, Node wrt) {
        Tensor g = gradients(output)[wrt.index()];
        return g != null ? g : Tensor.zeros(wrt.shape(), wrt.value().dtype());
    }

    /** Gradients with respect to watched parameters, by the same names (see {@link #watch}). */
    public Params gradient(Node output, Map<String, Node> watched) {
        Tensor[] grads = gradients(output);
        Params.Builder b = Params.builder();
        watched.forEach((name, node) -> {
            Tensor g = grads[node.index()];
            b.put(name, g != null ? g : Tensor.zeros(node.shape(), node.value().dtype()));
        });
        return b.build();
    }
}
