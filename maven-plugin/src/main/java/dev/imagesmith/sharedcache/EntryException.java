package dev.imagesmith.sharedcache;

import java.io.IOException;

/**
 * An entry of the shared cache that cannot be used: not ours, not for this key, damaged, truncated,
 * too big or too old. Never fails a build: the reader warns and the stage is built instead.
 */
final class EntryException extends IOException {
  EntryException(String message) {
    super(message);
  }

  EntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
