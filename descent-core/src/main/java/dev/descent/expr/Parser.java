package dev.descent.expr;

import dev.descent.expr.Expression.Binary;
import dev.descent.expr.Expression.Call;
import dev.descent.expr.Expression.Constant;
import dev.descent.expr.Expression.Neg;
import dev.descent.expr.Expression.Num;
import dev.descent.expr.Expression.Var;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Recursive-descent parser for the grammar in {@code package-info}. */
final class Parser {
    /**
     * Bound on parenthesis/unary nesting and on tree depth, so that neither this parser nor the
     * recursive tree walks elsewhere can overflow the stack.
     */
    static final int MAX_DEPTH = 500;

    private static final String EXPECTED_OPERAND = "expected a number, variable, function or '('";
    private static final String KNOWN_FUNCTIONS = Arrays.stream(MathFunction.values())
            .map(MathFunction::functionName)
            .collect(Collectors.joining(", ", "; known: ", ""));

    private enum Kind { NUMBER, NAME, SYMBOL, END }

    private record Token(Kind kind, String text, int column) {
        boolean is(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private final String input;
    private final List<Token> tokens;
    private int position;
    private int nesting;

    Parser(String input) {
        this.input = input;
        this.tokens = tokenize();
    }

    Expression parse() {
        Expression expression = parseSum();
        if (peek().kind() != Kind.END) {
            throw error("expected an operator or end of input", peek().column());
        }
        if (depth(expression) > MAX_DEPTH) {
            throw error("expression is more than " + MAX_DEPTH + " levels deep", 1);
        }
        return expression;
    }

    private Expression parseSum() {
        Expression left = parseProduct();
        while (peek().is("+") || peek().is("-")) {
            Operator op = next().is("+") ? Operator.ADD : Operator.SUB;
            left = new Binary(op, left, parseProduct());
        }
        return left;
    }

    private Expression parseProduct() {
        Expression left = parseUnary();
        while (peek().is("*") || peek().is("/")) {
            Operator op = next().is("*") ? Operator.MUL : Operator.DIV;
            left = new Binary(op, left, parseUnary());
        }
        return left;
    }

    // Every nested construct (parentheses, signs, exponents, call arguments) passes through here,
    // so this is where nesting is bounded.
    private Expression parseUnary() {
        if (++nesting > MAX_DEPTH) {
            throw error("expression is nested more than " + MAX_DEPTH + " levels deep", peek().column());
        }
        try {
            if (accept("-")) {
                return new Neg(parseUnary());
            }
            if (accept("+")) {
                return parseUnary();
            }
            return parsePower();
        } finally {
            nesting--;
        }
    }

    // The exponent is a unary, which makes ^ right-associative and allows 2^-x.
    private Expression parsePower() {
        Expression base = parsePrimary();
        return accept("^") ? new Binary(Operator.POW, base, parseUnary()) : base;
    }

    private Expression parsePrimary() {
        Token token = next();
        if (token.is("(")) {
            return parenthesized();
        }
        return switch (token.kind()) {
            case NUMBER -> number(token);
            case NAME -> name(token);
            case SYMBOL, END -> throw error(EXPECTED_OPERAND, token.column());
        };
    }

    private Expression parenthesized() {
        Expression inner = parseSum();
        expect(")");
        return inner;
    }

    private Expression number(Token token) {
        double value = Double.parseDouble(token.text());
        if (Double.isInfinite(value)) {
            throw error("number out of range", token.column());
        }
        return new Num(value);
    }

    private Expression name(Token token) {
        String name = token.text();
        if (accept("(")) {
            MathFunction function = MathFunction.named(name).orElseThrow(
                    () -> new ExpressionException("unknown function '" + name + "'", token.column(), input, KNOWN_FUNCTIONS));
            return new Call(function, parenthesized());
        }
        if (MathFunction.named(name).isPresent()) {
            throw error("expected '(' after function '" + name + "'", peek().column());
        }
        return Constant.named(name).map(Expression.class::cast).orElseGet(() -> new Var(name));
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token next() {
        Token token = peek();
        if (token.kind() != Kind.END) {
            position++;
        }
        return token;
    }

    private boolean accept(String symbol) {
        if (peek().is(symbol)) {
            position++;
            return true;
        }
        return false;
    }

    private void expect(String symbol) {
        if (!accept(symbol)) {
            throw error("expected '" + symbol + "'", peek().column());
        }
    }

    private ExpressionException error(String problem, int column) {
        return new ExpressionException(problem, column, input, "");
    }

    private List<Token> tokenize() {
        List<Token> result = new ArrayList<>();
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            Kind kind;
            if (isDigit(c) || c == '.') {
                i = endOfNumber(i);
                kind = Kind.NUMBER;
            } else if (isNameStart(c)) {
                do {
                    i++;
                } while (i < input.length() && (isNameStart(input.charAt(i)) || isDigit(input.charAt(i))));
                kind = Kind.NAME;
            } else if ("+-*/^()".indexOf(c) >= 0) {
                i++;
                kind = Kind.SYMBOL;
            } else {
                String shown = c >= ' ' && c <= '~' ? "'" + c + "'" : String.format("U+%04X", (int) c);
                throw error("unexpected character " + shown, i + 1);
            }
            result.add(new Token(kind, input.substring(start, i), start + 1));
        }
        result.add(new Token(Kind.END, "", input.length() + 1));
        return result;
    }

    // digits [. digits] [e [sign] digits], or . digits; an 'e' not followed by digits is left
    // for the name scanner, so "2e" reads as 2 then the constant e (and is then rejected).
    private int endOfNumber(int start) {
        int i = skipDigits(start);
        if (i < input.length() && input.charAt(i) == '.') {
            i = skipDigits(i + 1);
        }
        if (i - start == 1 && input.charAt(start) == '.') {
            throw error("malformed number", start + 1);
        }
        if (i < input.length() && (input.charAt(i) == 'e' || input.charAt(i) == 'E')) {
            int digits = i + 1 < input.length() && (input.charAt(i + 1) == '+' || input.charAt(i + 1) == '-') ? i + 2 : i + 1;
            if (digits < input.length() && isDigit(input.charAt(digits))) {
                i = skipDigits(digits);
            }
        }
        return i;
    }

    private int skipDigits(int i) {
        while (i < input.length() && isDigit(input.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    // Iterative, so that the check itself is safe on a tree of any depth.
    private static int depth(Expression root) {
        record Frame(Expression node, int depth) {}
        List<Frame> stack = new ArrayList<>(List.of(new Frame(root, 1)));
        int max = 0;
        while (!stack.isEmpty()) {
            Frame frame = stack.removeLast();
            max = Math.max(max, frame.depth());
            for (Expression child : frame.node().children()) {
                stack.add(new Frame(child, frame.depth() + 1));
            }
        }
        return max;
    }
}
