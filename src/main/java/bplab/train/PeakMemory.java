package bplab.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's peak resident set size so far (Java heap, ND4J's native memory, JIT code and
 * everything else), as Linux reports it in {@code /proc/self/status} ({@code VmHWM}).
 */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {}

    /** Peak resident bytes of this process, or empty where {@code /proc/self/status} is not available (not Linux). */
    public static OptionalLong peakResidentBytes() {
        try {
            return parse(Files.readString(STATUS, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The VmHWM line of a {@code /proc/PID/status} text ("VmHWM:    123456 kB"), in bytes. */
    static OptionalLong parse(String status) {
        for (String line : status.split("\n")) {
            if (!line.startsWith("VmHWM:")) continue;
            String[] t = line.substring(6).trim().split("\\s+");
            if (t.length == 2 && t[1].equals("kB")) return OptionalLong.of(Long.parseLong(t[0]) * 1024);
        }
        return OptionalLong.empty();
    }
}
