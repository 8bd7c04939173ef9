package bplab;

import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Prints every skipped test and why on the console (Surefire only counts skips there), e.g.
 * {@code SKIPPED bplab.data.FashionMnistTest.gzippedFashionMnistReadsWithKnownSizes(): Assumption failed:
 * Fashion-MNIST not fetched}. Registered for every test class through JUnit's extension auto-detection
 * (src/test/resources/junit-platform.properties and META-INF/services).
 */
public final class SkipReasons implements TestWatcher {
    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        print(context, cause == null ? null : cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        print(context, reason.orElse(null));
    }

    private static void print(ExtensionContext context, String reason) {
        String where = context.getRequiredTestClass().getName() + "." + context.getDisplayName();
        System.err.println("SKIPPED " + where + ": " + (reason == null || reason.isBlank() ? "(no reason given)" : reason));
    }
}
