package dev.imagesmith.error;

/**
 * A failure that is not the user's fault: the environment (disk full, I/O error) or a bug of ours.
 * The Maven layer reports it as an execution error.
 */
public class ImagesmithException extends RuntimeException {
  public ImagesmithException(String message) {
    super(message);
  }

  public ImagesmithException(String message, Throwable cause) {
    super(message, cause);
  }
}
