package dev.descent.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

/**
 * Entry point of the {@code descent} command. Exit codes: 0 success, 1 training failed (divergence, NaN),
 * 2 usage or input error. Errors are one line on stderr, {@code descent: error: ...}; {@code --verbose}
 * adds the stack trace.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line with the given streams and returns the exit code (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cli = new CommandLine(new DescentCommand());
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            errWriter.println("descent: error: " + ex.getMessage() + usageHint(ex.getCommandLine()));
            if (verbose(arguments)) {
                ex.printStackTrace(errWriter);
            }
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = verbose(parseResult.originalArgs().toArray(String[]::new));
            int code;
            String message;
            if (ex instanceof TrainingFailedException) {
                code = ExitCodes.TRAINING_FAILED;
                message = ex.getMessage();
            } else if (ex instanceof IllegalArgumentException || ex instanceof InputException) {
                code = ExitCodes.USAGE;
                message = ex.getMessage();
            } else if (ex instanceof UncheckedIOException) {
                // a file that cannot be read or written (its message names it): the user's to fix, like bad input
                code = ExitCodes.USAGE;
                message = ex.getMessage();
            } else if (ex instanceof IOException io) {
                // the same, thrown as a checked exception (a write after training, to a disk that filled up meanwhile)
                code = ExitCodes.USAGE;
                message = ioFailure(io);
            } else {
                code = ExitCodes.TRAINING_FAILED;
                message = "internal error: " + ex + (verbose ? "" : " (run with --verbose for the stack trace)");
            }
            errWriter.println("descent: error: " + oneLine(message));
            if (verbose) {
                ex.printStackTrace(errWriter);
            }
            return code;
        });
        try {
            return cli.execute(LeadingMinus.moveExpressions(cli, args));
        } catch (OutOfMemoryError e) {
            errWriter.println("descent: error: out of memory with a heap of " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB: give Java more (DESCENT_JAVA_OPTS=-Xmx4g), or train from a .dsc file with --stream");
            return ExitCodes.TRAINING_FAILED;
        }
    }

    /** One line for a failed read or write: the file it names, if any, and why. */
    static String ioFailure(IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        return file == null ? "input/output error: " + AtomicFiles.reason(e)
                : "cannot read or write " + file + ": " + AtomicFiles.reason(e);
    }

    private static String usageHint(CommandLine commandLine) {
        String name = commandLine.getCommandSpec().qualifiedName(" ");
        return " (see '" + name + " --help')";
    }

    private static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').strip();
    }
}
