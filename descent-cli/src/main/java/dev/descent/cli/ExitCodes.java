package dev.descent.cli;

/** The process exit codes of the command line (DESIGN.md section 3). */
final class ExitCodes {
    static final int OK = 0;
    static final int TRAINING_FAILED = 1;
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
