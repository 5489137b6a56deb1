package dev.imagesmith.maven;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.LogText;
import org.apache.maven.plugin.logging.Log;

/**
 * Forwards the engine's progress lines to Maven's log. Every message is one line by contract, and
 * names in it come from archives, images and repositories: control characters are escaped here, for
 * every line at once, so that no name can print a line of its own ({@link LogText}).
 */
final class MavenBuildLog implements BuildLog {
  private final Log log;

  MavenBuildLog(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(LogText.escape(message));
  }

  @Override
  public void warn(String message) {
    log.warn(LogText.escape(message));
  }

  @Override
  public void debug(String message) {
    // Building the message is cheap, but Maven's Log formats and filters per call.
    if (log.isDebugEnabled()) {
      log.debug(LogText.escape(message));
    }
  }
}
