package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.error.UserInputException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The {@code <sharedCache...>} parameters' mistakes: all of them in one message, each naming its
 * element and property; a wait no cache is worth refused; a secret typed into the location never
 * echoed.
 */
class SharedCacheConfigTest {
  private static final Path ROOT = Path.of("/work/checkout");

  private static SharedCacheConfig.Given given(
      String location, String maxEntrySize, String maxAge, String timeout) {
    return new SharedCacheConfig.Given(
        location, false, false, null, null, maxEntrySize, maxAge, timeout);
  }

  private static String mistake(SharedCacheConfig.Given given) {
    return assertThrows(UserInputException.class, () -> SharedCacheConfig.of(given, ROOT))
        .getMessage();
  }

  @Test
  void of_threeTypos_oneMessageNamingEach() {
    String message =
        mistake(given("registry.example.org/team/cache", "2 gigs", "2 weeks", "10 sec"));
    assertTrue(message.startsWith("3 mistakes in the image-maven-plugin configuration:"), message);
    assertTrue(
        message.contains(
            "<sharedCacheMaxEntrySize> (property image.sharedCache.maxEntrySize) '2 gigs'"),
        message);
    assertTrue(
        message.contains("<sharedCacheMaxAge> (property image.sharedCache.maxAge) '2 weeks'"),
        message);
    assertTrue(
        message.contains("<sharedCacheTimeout> (property image.sharedCache.timeout) '10 sec'"),
        message);
  }

  @Test
  void of_aTimeoutOfDays_refused_notAWaitOfDaysNorAnOverflowingClock() {
    assertEquals(
        "<sharedCacheTimeout> (property image.sharedCache.timeout) '999999999d' is longer than 1 h:"
            + " it is the wait for one answer of the registry, such as 10s or 30s",
        mistake(given("registry.example.org/team/cache", null, null, "999999999d")));
    assertEquals(
        Duration.ofHours(1),
        SharedCacheConfig.of(given("registry.example.org/team/cache", null, null, "1h"), ROOT)
            .timeout());
  }

  @Test
  void of_aLocationWithAPassword_refusedWithoutEchoingIt() {
    String message =
        mistake(
            given(
                "https://builder:t0ken-in-the-pom@registry.example.org/team/cache",
                null,
                null,
                null));
    assertTrue(
        message.startsWith("<sharedCache> (property image.sharedCache) 'https://***@"), message);
    assertFalse(message.contains("t0ken-in-the-pom"), message);
  }
}
