package dev.imagesmith.maven;

import dev.imagesmith.event.BuildLog;
import dev.imagesmith.io.LogText;
import dev.imagesmith.io.Redaction;
import org.apache.maven.plugin.logging.Log;

/**
 * Forwards the engine's progress lines to Maven's log. Two nets under every line: {@link Redaction}
 * (the engine masks the URLs and secrets it knows of where it writes them; this catches a {@code
 * run} step that prints a token the build uses, a message someone forgot to mask), then {@link
 * LogText}: every message is one line by contract, and names in it come from archives, images and
 * repositories, so control characters are escaped and no name can print a line of its own.
 */
final class MavenBuildLog implements BuildLog {
  private final Log log;

  MavenBuildLog(Log log) {
    this.log = log;
  }

  @Override
  public void info(String message) {
    log.info(LogText.escape(Redaction.text(message)));
  }

  @Override
  public void warn(String message) {
    log.warn(LogText.escape(Redaction.text(message)));
  }

  @Override
  public void debug(String message) {
    // Building the message is cheap, but Maven's Log formats and filters per call.
    if (log.isDebugEnabled()) {
      log.debug(LogText.escape(Redaction.text(message)));
    }
  }
}
