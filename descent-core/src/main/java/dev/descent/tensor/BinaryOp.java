package dev.descent.tensor;

/** Element-wise binary operations the kernels know. Float32 results are the double result rounded once. */
enum BinaryOp {
    ADD {
        @Override
        double apply(double a, double b) {
            return a + b;
        }
    },
    SUB {
        @Override
        double apply(double a, double b) {
            return a - b;
        }
    },
    MUL {
        @Override
        double apply(double a, double b) {
            return a * b;
        }
    },
    DIV {
        @Override
        double apply(double a, double b) {
            return a / b;
        }
    },
    POW {
        @Override
        double apply(double a, double b) {
            return Math.pow(a, b);
        }
    },
    MAX {
        @Override
        double apply(double a, double b) {
            return Math.max(a, b);
        }
    },
    MIN {
        @Override
        double apply(double a, double b) {
            return Math.min(a, b);
        }
    };

    abstract double apply(double a, double b);
}
