package dev.imagesmith.io;

/**
 * A transfer stopped by its {@link TransferLimits}. The message says what happened, with the URL
 * (its secrets masked) and the bytes received; the caller adds where it was configured and what to
 * do.
 */
public final class TransferException extends java.io.IOException {
  /** Which limit stopped the transfer. */
  public enum Kind {
    /** No byte came within the idle timeout. */
    STALLED,
    /** The whole transfer took longer than the total timeout. */
    TIMED_OUT,
    /** The body is (or announced to be) larger than the maximum size. */
    TOO_LARGE,
    /** More bytes came than the response's {@code Content-Length} announced. */
    LONGER_THAN_ANNOUNCED
  }

  private final Kind kind;
  private final long received;

  TransferException(Kind kind, String message, long received) {
    super(message);
    this.kind = kind;
    this.received = received;
  }

  public Kind kind() {
    return kind;
  }

  /** The bytes of the body received before the transfer was stopped. */
  public long received() {
    return received;
  }

  /**
   * What the user can do, naming the setting that raises the limit: the caller's names of the
   * settings (XML paths, owned by the plan), each followed here by its property.
   *
   * @param timeout the setting of the whole transfer's limit
   * @param idleTimeout the setting of the longest pause
   * @param maxSize the setting of the largest body
   */
  public String advice(String timeout, String idleTimeout, String maxSize) {
    return switch (kind) {
      case STALLED ->
          "The server stopped sending. Try again later or use another server; if it is just"
              + " slow, allow longer pauses with "
              + idleTimeout
              + " (property image.download.idleTimeout)";
      case TIMED_OUT ->
          "Try again later or use a faster server, or allow more time with "
              + timeout
              + " (property image.download.timeout)";
      case TOO_LARGE ->
          "Check the URL; if the file really is that large, raise "
              + maxSize
              + " (property image.download.maxSize)";
      case LONGER_THAN_ANNOUNCED ->
          "The server is broken or the answer was tampered with on the way; try again later or"
              + " use another server";
    };
  }
}
