package dev.imagesmith.error;

/**
 * The user's mistake or hostile input: a bad configuration value, a bad archive, a failing {@code
 * run} command, a digest mismatch. The message is complete on its own (what was wrong, where, how
 * to fix it); the Maven layer prints it as the build failure without a stack trace.
 */
public class UserInputException extends ImagesmithException {
  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
