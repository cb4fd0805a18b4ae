/**
 * The {@code descent} command line (picocli): one class per subcommand, {@link dev.descent.cli.Main} for the
 * exit codes and the one-line error format. Input and usage errors exit with 2 and print
 * {@code descent: error: ...} naming the flag, file, line or column; a run that diverges exits with 1; outputs
 * are written under a temporary name and renamed into place. {@code --verbose} adds stack traces.
 */
package dev.descent.cli;
