package dev.descent.expr;

/** The binary operators, with the precedence the parser and printer share. */
public enum Operator {
    ADD('+', 1),
    SUB('-', 1),
    MUL('*', 2),
    DIV('/', 2),
    /** Power, {@link Math#pow}; binds tighter than unary minus and associates to the right. */
    POW('^', 4);

    private final char symbol;
    private final int precedence;

    Operator(char symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    /** The operator as written in expression text. */
    public char symbol() {
        return symbol;
    }

    /** Higher binds tighter; unary minus sits at 3, between {@code * /} and {@code ^}. */
    int precedence() {
        return precedence;
    }

    /** Applies the operator with plain float64 semantics. */
    public double apply(double left, double right) {
        return switch (this) {
            case ADD -> left + right;
            case SUB -> left - right;
            case MUL -> left * right;
            case DIV -> left / right;
            case POW -> Math.pow(left, right);
        };
    }
}
