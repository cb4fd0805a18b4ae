package dev.descent.nn;

/** Name checks shared by the layer records (not API). */
final class LayerNames {

    private LayerNames() {
    }

    /** Checks that {@code name} is usable in a parameter name: no {@code '/'}; blank is allowed (unnamed). */
    static String checkName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.indexOf('/') >= 0) {
            throw new IllegalArgumentException("layer name must not contain '/', got '" + name + "'");
        }
        return n;
    }

    /** The layer's name, or an {@link IllegalStateException} when it has none yet. */
    static String requireNamed(Layer layer) {
        if (layer.name().isEmpty()) {
            throw new IllegalStateException("the " + layer.typeName()
                    + " layer has no name: give it one or put it in a Stack, which names it");
        }
        return layer.name();
    }
}
