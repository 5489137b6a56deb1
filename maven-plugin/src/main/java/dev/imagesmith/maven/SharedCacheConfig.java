package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.plan.ByteSize;
import dev.imagesmith.plan.ImageReference;
import dev.imagesmith.plan.SharedCacheSpec;
import dev.imagesmith.registry.RegistryRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code <sharedCache...>} parameters, as Maven filled them in, made into a {@link
 * SharedCacheSpec}; each mistake names its element and property.
 */
final class SharedCacheConfig {
  static final String PROPERTY = "image.sharedCache";
  static final String PUSH_PROPERTY = "image.sharedCache.push";
  static final String REQUIRED_PROPERTY = "image.sharedCache.required";

  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})\\s*(ms|s|m|min|h|d)?");

  /**
   * The longest {@code <sharedCacheTimeout>}: a cache that answers slower than this costs more than
   * it saves, and a longer wait (say {@code 30d} for {@code 30s}) would also overflow the HTTP
   * client's nanosecond clocks.
   */
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  /** The parameters, {@code null} where not set. */
  record Given(
      String location,
      boolean push,
      boolean required,
      String key,
      String keyCommand,
      String maxEntrySize,
      String maxAge,
      String timeout) {}

  private SharedCacheConfig() {}

  /**
   * @param checkoutRoot the reactor's top project directory (the project's own when alone)
   * @throws UserInputException naming every mistake of the parameters at once
   */
  static SharedCacheSpec of(Given given, Path checkoutRoot) {
    Problems problems = new Problems();
    SharedCacheSpec spec = of(given, checkoutRoot, problems);
    problems.throwIfAny();
    return spec;
  }

  /**
   * As {@link #of(Given, Path)}, recording each mistake in {@code problems} with the rest of the
   * configuration's ({@code PlanFactory}), so that one run reports them all.
   *
   * @return the spec, or {@code null} when a mistake was recorded
   */
  static SharedCacheSpec of(Given given, Path checkoutRoot, Problems problems) {
    String location = given.location() == null ? "" : given.location().trim();
    if (location.isEmpty()) {
      return SharedCacheSpec.NONE;
    }
    int before = problems.count();
    RegistryRef ref = problems.attempt(() -> location(location));
    Long maxEntry = problems.attempt(() -> maxEntryBytes(given.maxEntrySize()));
    Duration maxAge =
        problems.attempt(
            () ->
                duration(
                    given.maxAge(), "<sharedCacheMaxAge> (property image.sharedCache.maxAge)"));
    Duration timeout = problems.attempt(() -> timeout(given.timeout()));
    if (problems.count() > before) {
      return null;
    }
    return new SharedCacheSpec(
        ref.registry(),
        ref.repository(),
        given.push(),
        given.required(),
        blankToNull(given.key()),
        blankToNull(given.keyCommand()),
        maxEntry,
        maxAge,
        timeout == null ? SharedCacheSpec.DEFAULT_TIMEOUT : timeout,
        checkoutRoot);
  }

  private static RegistryRef location(String location) {
    Optional<ImageReference> parsed = ImageReference.parse(location);
    if (parsed.isEmpty()
        || parsed.get().host() == null
        || parsed.get().tag() != null
        || parsed.get().digest() != null) {
      throw new UserInputException(
          "<sharedCache> (property "
              + PROPERTY
              + ") '"
              + Redaction.text(location)
              + "' is not a registry and repository: write REGISTRY/REPOSITORY, for example"
              + " registry.example.org/team/imagesmith-cache, without a tag (the cache's tags are"
              + " its keys)");
    }
    return RegistryRef.parse(location, "<sharedCache>");
  }

  private static long maxEntryBytes(String text) {
    if (text == null || text.isBlank()) {
      return SharedCacheSpec.DEFAULT_MAX_ENTRY_BYTES;
    }
    long bytes =
        ByteSize.parse(text, "<sharedCacheMaxEntrySize> (property image.sharedCache.maxEntrySize)");
    if (bytes <= 0) {
      throw new UserInputException(
          "<sharedCacheMaxEntrySize> (property image.sharedCache.maxEntrySize) must be more than"
              + " 0 bytes");
    }
    return bytes;
  }

  private static Duration timeout(String text) {
    String where = "<sharedCacheTimeout> (property image.sharedCache.timeout)";
    Duration timeout = duration(text, where);
    if (timeout != null && timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new UserInputException(
          where
              + " '"
              + text.trim()
              + "' is longer than "
              + TransferLimits.describe(MAX_TIMEOUT)
              + ": it is the wait for one answer of the registry, such as 10s or 30s");
    }
    return timeout;
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 14d}; {@code null} when unset. */
  static Duration duration(String text, String where) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
      throw new UserInputException(
          where
              + " '"
              + text.trim()
              + "' is not a duration: write a positive number with a unit, such as 500ms, 30s,"
              + " 5m, 2h or 14d (a number alone is seconds)");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "s" : matcher.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.trim();
  }
}
