package dev.imagesmith.maven;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.Redaction;
import org.apache.maven.plugin.logging.Log;

/**
 * Forwards the engine's progress lines to Maven's log, through {@link Redaction}: the engine masks
 * the URLs and secrets it knows of where it writes them, and this is the net under every line (a
 * {@code run} step that prints a token the build uses, a message someone forgot to mask).
 */
final class MavenBuildLog implements BuildLog {
  private final Log log;

  MavenBuildLog(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(Redaction.text(message));
  }

  @Override
  public void warn(String message) {
    log.warn(Redaction.text(message));
  }

  @Override
  public void debug(String message) {
    // Building the message is cheap, but Maven's Log formats and filters per call.
    if (log.isDebugEnabled()) {
      log.debug(Redaction.text(message));
    }
  }
}
