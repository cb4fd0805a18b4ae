package dev.descent.cli;

/** Whether stderr is a terminal: the launcher says so (it pipes stderr through a filter), else the console does. */
final class Terminal {

    private Terminal() {
    }

    static boolean stderrIsTerminal() {
        String fromLauncher = System.getProperty("descent.stderr.tty");
        if (fromLauncher != null) {
            return Boolean.parseBoolean(fromLauncher);
        }
        return System.console() != null;
    }
}
