package bplab.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns the first Ctrl-C (SIGINT) or SIGTERM into a request the training loop polls after
 * each iteration, so it can write a checkpoint and flush its files before stopping. A second
 * signal ends the process at once (exit 130).
 */
final class Interrupts implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private SignalHandler previousInt;
    private SignalHandler previousTerm;

    static Interrupts install() {
        Interrupts i = new Interrupts();
        SignalHandler handler = signal -> {
            if (i.requested.getAndSet(true)) Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
            System.err.println("\nstopping after this iteration (writing a checkpoint); press Ctrl-C again to quit at once");
        };
        try {
            i.previousInt = Signal.handle(new Signal("INT"), handler);
            i.previousTerm = Signal.handle(new Signal("TERM"), handler);
        } catch (IllegalArgumentException e) {
            // signal not available on this platform: runs simply cannot be interrupted gracefully
        }
        return i;
    }

    boolean requested() {
        return requested.get();
    }

    @Override
    public void close() {
        if (previousInt != null) Signal.handle(new Signal("INT"), previousInt);
        if (previousTerm != null) Signal.handle(new Signal("TERM"), previousTerm);
    }
}
