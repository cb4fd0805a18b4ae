package dev.descent.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON writing and reading shared by the model and checkpoint files: one mapper, one pretty printer ({@code \n}
 * line ends, {@code "key": value}), and field access that turns every problem into a one-line
 * {@link ModelFileException} naming the file and the field.
 *
 * <p>Doubles are written by Jackson as {@link Double#toString} (the shortest decimal that reads back to the same
 * double), so finite values round-trip exactly; {@code NaN}, {@code Infinity} and {@code -Infinity}, which JSON
 * numbers cannot express, are written as those strings and read back from them.
 */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private Json() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** A double as a JSON number, or as the string {@code NaN}, {@code Infinity} or {@code -Infinity}. */
    static JsonNode number(double value) {
        return Double.isFinite(value) ? DoubleNode.valueOf(value) : TextNode.valueOf(Double.toString(value));
    }

    /** An array of {@link #number}s. */
    static ArrayNode numbers(double[] values) {
        ArrayNode a = array();
        for (double v : values) {
            a.add(number(v));
        }
        return a;
    }

    /** An array of strings. */
    static ArrayNode strings(List<String> values) {
        ArrayNode a = array();
        values.forEach(a::add);
        return a;
    }

    /** An object of {@link #number}s, in the map's order. */
    static ObjectNode numberMap(Map<String, Double> values) {
        ObjectNode o = object();
        values.forEach((k, v) -> o.set(k, number(v)));
        return o;
    }

    /**
     * A plain value (null, string, number, boolean, list, map, array, record) as a JSON tree; non-finite doubles
     * become strings.
     *
     * @throws IllegalArgumentException naming {@code what} if Jackson cannot represent the value
     */
    static JsonNode tree(Object value, String what) {
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a plain JSON value: " + e.getMessage(), e);
        }
    }

    /**
     * A JSON tree as plain Java values: {@link LinkedHashMap} (unmodifiable, order kept), {@link List}
     * (unmodifiable), {@link String}, {@link Boolean}, {@code null}, and numbers as {@link Integer},
     * {@link Long} or {@link java.math.BigInteger} when integral (the smallest that holds the value), else
     * {@link Double}.
     */
    static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                node.properties().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
                yield Collections.unmodifiableMap(m);
            }
            case ARRAY -> {
                List<Object> l = new ArrayList<>();
                node.forEach(e -> l.add(plain(e)));
                yield Collections.unmodifiableList(l);
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> node.isIntegralNumber()
                    ? (node.canConvertToInt() ? (Object) node.intValue()
                            : node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue())
                    : (Object) node.doubleValue();
            default -> null;
        };
    }

    /** The document as UTF-8 bytes, pretty-printed, with a final newline. */
    static byte[] bytes(JsonNode document) {
        try {
            return (WRITER.writeValueAsString(document) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as text, pretty-printed, with a final newline. */
    static String text(JsonNode document) {
        return new String(bytes(document), StandardCharsets.UTF_8);
    }

    /**
     * Reads and parses {@code dir/name}, which must hold one JSON object.
     *
     * @throws ModelFileException when the file is missing, unreadable or malformed (with line and column)
     */
    static ObjectNode read(Path dir, String name) {
        Path file = dir.resolve(name);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(name, "not found in " + dir);
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read " + file + ": " + e);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            // the first line says what is wrong; Jackson adds where an unclosed array or object began, in a
            // description of its own input ("[Source: REDACTED ...]") that means nothing to a user
            message = message.lines().findFirst().orElse("").replaceFirst(" \\(start marker at .*", "");
            throw new ModelFileException(name, "malformed JSON" + where + ": " + message.strip(), e);
        } catch (IOException e) {
            throw new ModelFileException(name, "cannot read " + file + ": " + e);
        }
        if (root == null || root.isMissingNode()) {
            throw new ModelFileException(name, "empty file, expected a JSON object");
        }
        if (!root.isObject()) {
            throw new ModelFileException(name, "expected a JSON object, got " + describe(root));
        }
        return (ObjectNode) root;
    }

    /** A short description of a value for messages: the JSON text, cut at 40 characters. */
    static String describe(JsonNode node) {
        String s = node.toString();
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
