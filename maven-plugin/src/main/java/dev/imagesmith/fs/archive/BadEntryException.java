package dev.imagesmith.fs.archive;

import java.io.IOException;

/**
 * The archive itself is at fault (hostile, damaged or beyond a limit). Carries only the reason; the
 * extractor adds which archive and which entry before it becomes a {@link
 * dev.imagesmith.error.UserInputException}.
 */
final class BadEntryException extends IOException {
  BadEntryException(String reason) {
    super(reason);
  }

  BadEntryException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
