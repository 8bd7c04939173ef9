package bplab.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Creates a run's own directory; an existing directory is never reused or overwritten. */
public final class RunDirectory {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunDirectory() {}

    /**
     * {@code explicit} if given (it must not exist yet, or be empty), otherwise
     * {@code outDir/NAME-yyyyMMdd-HHmmss}, with -2, -3 ... appended if that name is taken.
     */
    public static Path create(Path outDir, String name, Path explicit) {
        if (explicit != null) {
            if (Files.exists(explicit) && !isEmptyDirectory(explicit)) {
                throw new RunDirectoryException(explicit + ": run directory already exists and is not empty;"
                        + " expected a new directory (choose another --run-dir, or omit it for a fresh timestamped one)");
            }
            return mkdirs(explicit);
        }
        mkdirs(outDir);
        String base = name + "-" + LocalDateTime.now().format(STAMP);
        for (int suffix = 1; suffix < 1000; suffix++) {
            Path candidate = outDir.resolve(suffix == 1 ? base : base + "-" + suffix);
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // taken by another run started in the same second: try the next suffix
            } catch (IOException e) {
                throw new RunDirectoryException(candidate + ": cannot create run directory (" + e.getMessage() + ")");
            }
        }
        throw new RunDirectoryException(outDir + ": could not find a free run directory name for " + base);
    }

    private static boolean isEmptyDirectory(Path p) {
        if (!Files.isDirectory(p)) return false;
        try (var s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path mkdirs(Path p) {
        try {
            Files.createDirectories(p);
            if (!Files.isWritable(p)) throw new IOException("not writable");
            return p;
        } catch (IOException e) {
            throw new RunDirectoryException(p + ": cannot create or write the output directory (" + e.getMessage()
                    + "); expected a writable directory (set logging.out_dir)");
        }
    }

    /** The run directory cannot be used: a bad-input condition (exit code 2). */
    public static final class RunDirectoryException extends RuntimeException {
        public RunDirectoryException(String message) {
            super(message);
        }
    }
}
