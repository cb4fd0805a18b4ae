package dev.descent.cli;

import picocli.CommandLine;

/** {@code descent --version}: the library version, the JVM, and which kernels run (vector or scalar). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
                "descent " + (version != null ? version : "development build"),
                "JVM " + Runtime.version() + ", kernels: " + dev.descent.tensor.Tensor.kernelName()
                        + ", threads: " + dev.descent.tensor.Parallel.threads()};
    }
}
