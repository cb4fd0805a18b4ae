package dev.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed access to the fields of one JSON file, every problem a {@link ModelFileException} naming the file and
 * the field by its path ({@code weights.tensors[2].shape}).
 */
final class Fields {

    final String file;

    Fields(String file) {
        this.file = file;
    }

    ModelFileException error(String problem) {
        return new ModelFileException(file, problem);
    }

    ModelFileException error(String problem, Throwable cause) {
        return new ModelFileException(file, problem, cause);
    }

    static String path(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** The value of {@code parent.name}; absent or {@code null} is an error. */
    JsonNode require(JsonNode parent, String prefix, String name) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            throw error("missing field \"" + path(prefix, name) + "\"");
        }
        return v;
    }

    /** The value of {@code parent.name}, or {@code null} when it is JSON {@code null}; absent is an error. */
    JsonNode nullable(JsonNode parent, String prefix, String name) {
        JsonNode v = parent.get(name);
        if (v == null) {
            throw error("missing field \"" + path(prefix, name) + "\"");
        }
        return v.isNull() ? null : v;
    }

    private ModelFileException type(String path, String expected, JsonNode got) {
        return error("field \"" + path + "\" must be " + expected + ", got " + Json.describe(got));
    }

    int intValue(JsonNode v, String path) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw type(path, "an integer", v);
        }
        return v.intValue();
    }

    int intField(JsonNode parent, String prefix, String name) {
        return intValue(require(parent, prefix, name), path(prefix, name));
    }

    long longValue(JsonNode v, String path) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw type(path, "an integer", v);
        }
        return v.longValue();
    }

    long longField(JsonNode parent, String prefix, String name) {
        return longValue(require(parent, prefix, name), path(prefix, name));
    }

    /** A number, or one of the strings {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    double doubleValue(JsonNode v, String path) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            switch (v.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw type(path, "a number", v);
    }

    double doubleField(JsonNode parent, String prefix, String name) {
        return doubleValue(require(parent, prefix, name), path(prefix, name));
    }

    String textValue(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw type(path, "a string", v);
        }
        return v.textValue();
    }

    String textField(JsonNode parent, String prefix, String name) {
        return textValue(require(parent, prefix, name), path(prefix, name));
    }

    ArrayNode array(JsonNode v, String path) {
        if (!v.isArray()) {
            throw type(path, "an array", v);
        }
        return (ArrayNode) v;
    }

    ArrayNode arrayField(JsonNode parent, String prefix, String name) {
        return array(require(parent, prefix, name), path(prefix, name));
    }

    ObjectNode object(JsonNode v, String path) {
        if (!v.isObject()) {
            throw type(path, "an object", v);
        }
        return (ObjectNode) v;
    }

    ObjectNode objectField(JsonNode parent, String prefix, String name) {
        return object(require(parent, prefix, name), path(prefix, name));
    }

    List<String> stringList(JsonNode parent, String prefix, String name) {
        String path = path(prefix, name);
        ArrayNode a = arrayField(parent, prefix, name);
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            out.add(textValue(a.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    double[] doubleArray(JsonNode parent, String prefix, String name) {
        String path = path(prefix, name);
        ArrayNode a = arrayField(parent, prefix, name);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubleValue(a.get(i), path + "[" + i + "]");
        }
        return out;
    }

    /** An object of numbers, in file order. */
    Map<String, Double> doubleMap(JsonNode parent, String prefix, String name) {
        String path = path(prefix, name);
        ObjectNode o = objectField(parent, prefix, name);
        Map<String, Double> out = new LinkedHashMap<>();
        o.properties().forEach(e -> out.put(e.getKey(), doubleValue(e.getValue(), path + "." + e.getKey())));
        return out;
    }

    /** A JSON object as plain Java values (see {@link Json#plain}). */
    @SuppressWarnings("unchecked")
    Map<String, Object> plainMap(JsonNode parent, String prefix, String name) {
        return (Map<String, Object>) Json.plain(objectField(parent, prefix, name));
    }

    /**
     * Checks {@code format_version} (an integer, equal to {@code supported}); called before any other field is
     * read.
     */
    void checkFormatVersion(JsonNode root, int supported) {
        JsonNode v = root.get("format_version");
        if (v == null || v.isNull()) {
            throw error("missing field \"format_version\" (is this a descent file?)");
        }
        int version = intValue(v, "format_version");
        if (version != supported) {
            throw error("format_version " + version + " is not supported (this descent reads " + supported + ")");
        }
    }
}
