package dev.imagesmith.maven;

import dev.imagesmith.event.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** Forwards the engine's progress lines to Maven's log. */
final class MavenBuildLog implements BuildLog {
  private final Log log;

  MavenBuildLog(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void debug(String message) {
    // Building the message is cheap, but Maven's Log formats and filters per call.
    if (log.isDebugEnabled()) {
      log.debug(message);
    }
  }
}
