package dev.imagesmith.isolation;

import java.util.List;

/**
 * What a run step left.
 *
 * @param exitCode the command's exit status (128 + signal when a signal ended it)
 * @param timedOut whether the timeout stopped it
 * @param owners every object the step left owned by another user than root, with its owner and
 *     mode; the host files are root's (the Maven user's) again
 */
public record IsolatedResult(int exitCode, boolean timedOut, List<OwnedPath> owners) {
  public IsolatedResult {
    owners = List.copyOf(owners);
  }
}
