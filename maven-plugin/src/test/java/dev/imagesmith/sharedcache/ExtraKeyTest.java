package dev.imagesmith.sharedcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.testkit.LogLines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code <sharedCacheKeyCommand>}: its output goes into the key and its first line into the log,
 * but a token it prints or carries never reaches the log or the build's error.
 */
class ExtraKeyTest {
  private static final String TOKEN = "ghp_0123456789abcdefghijklmnop";

  @TempDir Path dir;

  @Test
  void of_outputWithAToken_theKeyHasItsDigest_theLogNotTheToken() throws Exception {
    LogLines log = new LogLines();
    String key =
        ExtraKey.of(null, "echo 'Authorization: Bearer " + TOKEN + "'; echo gcc 14", dir, dir, log);
    assertTrue(key.contains("output=sha256:"), key);
    assertEquals(1, log.infos().size(), log.text());
    assertTrue(log.infos().get(0).contains("(Authorization: ***"), log.text());
    assertFalse(log.text().contains(TOKEN), log.text());
  }

  @Test
  void of_failingCommandCarryingAToken_theErrorDoesNotShowIt() {
    String message =
        assertThrows(
                UserInputException.class,
                () ->
                    ExtraKey.of(
                        null,
                        "curl -s -H 'Authorization: Bearer "
                            + TOKEN
                            + "' http://127.0.0.1:1/; exit 3",
                        dir,
                        dir,
                        new LogLines()))
            .getMessage();
    assertTrue(message.contains("exited with status 3"), message);
    assertFalse(message.contains(TOKEN), message);
  }
}
