package dev.descent.tensor;

/**
 * Element-wise unary operations the kernels know. {@code p} is the operation's parameter where it has one
 * (the exponent of {@link #POW}, the slope of {@link #LEAKY_RELU}) and ignored otherwise.
 */
enum UnaryOp {
    NEG {
        @Override
        double apply(double x, double p) {
            return -x;
        }
    },
    EXP {
        @Override
        double apply(double x, double p) {
            return Math.exp(x);
        }
    },
    LOG {
        @Override
        double apply(double x, double p) {
            return Math.log(x);
        }
    },
    SQRT {
        @Override
        double apply(double x, double p) {
            return Math.sqrt(x);
        }
    },
    ABS {
        @Override
        double apply(double x, double p) {
            return Math.abs(x);
        }
    },
    SIGN {
        @Override
        double apply(double x, double p) {
            return Math.signum(x);
        }
    },
    SIN {
        @Override
        double apply(double x, double p) {
            return Math.sin(x);
        }
    },
    COS {
        @Override
        double apply(double x, double p) {
            return Math.cos(x);
        }
    },
    TANH {
        @Override
        double apply(double x, double p) {
            // StrictMath: Math.tanh's intrinsic is new (JDK 24), and a function whose interpreted and compiled
            // results could differ would make a run's bits depend on the JIT's timing
            return StrictMath.tanh(x);
        }
    },
    /** 1/(1+e^-x), written so neither branch overflows. */
    SIGMOID {
        @Override
        double apply(double x, double p) {
            if (x >= 0) {
                return 1.0 / (1.0 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
    },
    RELU {
        @Override
        double apply(double x, double p) {
            return x > 0 ? x : 0.0;
        }
    },
    /** x for x > 0, p*x otherwise. */
    LEAKY_RELU {
        @Override
        double apply(double x, double p) {
            return x > 0 ? x : p * x;
        }
    },
    /** log(1+e^x) = max(x,0) + log1p(e^-|x|), finite for any finite x. */
    SOFTPLUS {
        @Override
        double apply(double x, double p) {
            return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
        }
    },
    SQUARE {
        @Override
        double apply(double x, double p) {
            return x * x;
        }
    },
    POW {
        @Override
        double apply(double x, double p) {
            return Math.pow(x, p);
        }
    },
    ADD_SCALAR {
        @Override
        double apply(double x, double p) {
            return x + p;
        }
    },
    MUL_SCALAR {
        @Override
        double apply(double x, double p) {
            return x * p;
        }
    },
    /** 1 where x > 0, else 0: the derivative of relu. */
    STEP {
        @Override
        double apply(double x, double p) {
            return x > 0 ? 1.0 : 0.0;
        }
    };

    abstract double apply(double x, double p);
}
