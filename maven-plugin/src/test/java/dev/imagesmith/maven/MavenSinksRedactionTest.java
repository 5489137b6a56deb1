package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/**
 * The two places where the engine's words become Maven's (the catalogue's class S): every log line
 * and every failure, with its whole cause chain, pass through {@link Redaction}, so that a secret
 * the engine failed to mask at its source still never reaches the build log.
 */
class MavenSinksRedactionTest {
  private static final String SECRET = "sink-secret-" + Long.toHexString(System.nanoTime());

  /** A Maven log that keeps what it is told. */
  private static final class RecordingLog extends SystemStreamLog {
    final List<String> lines = new ArrayList<>();

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public void debug(CharSequence content) {
      lines.add("DEBUG " + content);
    }

    @Override
    public void info(CharSequence content) {
      lines.add("INFO " + content);
    }

    @Override
    public void warn(CharSequence content) {
      lines.add("WARN " + content);
    }
  }

  private static String chain(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t).append('\n');
    }
    return text.toString();
  }

  @Test
  void S8_userFailure_messageMasked() {
    Redaction.rememberCredential("builder", SECRET);

    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () ->
                ImageMojo.translatingFailures(
                    () -> {
                      throw new UserInputException(
                          "GET https://u:pw@h/x?X-Amz-Signature=abc failed: " + SECRET);
                    }));

    assertEquals("GET https://***@h/x?X-Amz-Signature=*** failed: ***", e.getMessage());
  }

  @Test
  void S8_ourFailure_messageAndWholeCauseChainMasked_stackTracesKept() {
    Redaction.rememberCredential("builder", SECRET);
    IOException root = new IOException("token service said: Authorization: Basic " + SECRET);

    MojoExecutionException e =
        assertThrows(
            MojoExecutionException.class,
            () ->
                ImageMojo.translatingFailures(
                    () -> {
                      throw new ImagesmithException("pull failed: " + SECRET, root);
                    }));

    String chain = chain(e);
    assertFalse(chain.contains(SECRET), chain);
    assertTrue(
        chain.contains("java.io.IOException: token service said: Authorization: ***"), chain);
    Throwable copiedRoot = e.getCause().getCause();
    assertEquals(List.of(root.getStackTrace()), List.of(copiedRoot.getStackTrace()));
  }

  @Test
  void S8_failureWithoutSecrets_keepsItsOwnCause() {
    ImagesmithException thrown = new ImagesmithException("disk full", new IOException("ENOSPC"));

    MojoExecutionException e =
        assertThrows(
            MojoExecutionException.class,
            () ->
                ImageMojo.translatingFailures(
                    () -> {
                      throw thrown;
                    }));

    assertSame(thrown, e.getCause());
  }

  @Test
  void S8_everyLogLevel_masked() {
    Redaction.rememberCredential("builder", SECRET);
    RecordingLog maven = new RecordingLog();
    MavenBuildLog log = new MavenBuildLog(maven);

    log.info("downloading https://u:" + SECRET + "@h/f");
    log.warn("retrying after " + SECRET);
    log.debug("token " + SECRET);
    log.commandOutput("echo $REGISTRY_PASSWORD -> " + SECRET);

    assertEquals(
        List.of(
            "INFO downloading https://***@h/f",
            "WARN retrying after ***",
            "DEBUG token ***",
            "INFO   | echo $REGISTRY_PASSWORD -> ***"),
        maven.lines);
  }
}
