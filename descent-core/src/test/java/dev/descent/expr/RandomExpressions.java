package dev.descent.expr;

import dev.descent.expr.Expression.Binary;
import dev.descent.expr.Expression.Call;
import dev.descent.expr.Expression.Constant;
import dev.descent.expr.Expression.Neg;
import dev.descent.expr.Expression.Num;
import dev.descent.expr.Expression.Var;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Seeded generators for property tests. */
final class RandomExpressions {
    static final List<String> VARIABLES = List.of("x", "y");

    private static final double[] NICE_NUMBERS = {0, 1, 2, 3, 0.5, 1.5, 10, 0.1};
    private static final String JUNK_ALPHABET = "xy0123.eE+-*/^() \tsinexplogabc,$_";

    private RandomExpressions() {}

    /** Seeds 0..count-1, one per parameterized case, so a failure names a reproducible seed. */
    static Stream<Long> seeds(int count) {
        return IntStream.range(0, count).mapToObj(i -> (long) i);
    }

    /** A tree of the shapes the parser produces: numbers are non-negative, no unary plus. */
    static Expression tree(Random random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return switch (random.nextInt(6)) {
                case 0 -> new Num(NICE_NUMBERS[random.nextInt(NICE_NUMBERS.length)]);
                case 1 -> new Num(random.nextDouble() * Math.pow(10, random.nextInt(9) - 4));
                case 2 -> random.nextBoolean() ? Constant.PI : Constant.E;
                default -> new Var(VARIABLES.get(random.nextInt(VARIABLES.size())));
            };
        }
        return switch (random.nextInt(8)) {
            case 0 -> new Neg(tree(random, depth - 1));
            case 1 -> new Call(pick(random, MathFunction.values()), tree(random, depth - 1));
            default -> new Binary(pick(random, Operator.values()), tree(random, depth - 1), tree(random, depth - 1));
        };
    }

    /** Random characters, or a valid expression with a few characters inserted, deleted or replaced. */
    static String junk(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append(tree(random, 3));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length() + 1);
                char c = JUNK_ALPHABET.charAt(random.nextInt(JUNK_ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, c);
                    case 1 -> text.deleteCharAt(Math.min(at, text.length() - 1));
                    default -> text.setCharAt(Math.min(at, text.length() - 1), c);
                }
                if (text.isEmpty()) {
                    break;
                }
            }
        } else {
            for (int n = random.nextInt(25); n > 0; n--) {
                text.append(JUNK_ALPHABET.charAt(random.nextInt(JUNK_ALPHABET.length())));
            }
        }
        return text.toString();
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
