package bplab.data;

/** Data that cannot be used: the message names the file, what was found and what was expected. */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
