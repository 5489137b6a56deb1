package dev.imagesmith.layer;

import java.io.IOException;

/** Asked by the tar writer between pieces of work; throws to stop a layer being written. */
@FunctionalInterface
interface CancelCheck {
  CancelCheck NEVER = () -> {};

  /** Stops a write on purpose; never wrapped, never reported as a failure. */
  final class Cancelled extends IOException {
    private static final long serialVersionUID = 1L;

    Cancelled(String why) {
      super(why);
    }
  }

  /**
   * Returns normally to go on.
   *
   * @throws Cancelled to stop writing (the partial blob is then deleted)
   * @throws IOException if deciding failed
   */
  void check() throws IOException;
}
