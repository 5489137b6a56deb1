package dev.imagesmith.maven;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.io.TransferLimits;
import dev.imagesmith.plan.ByteSize;
import java.time.Duration;
import java.util.Properties;

/**
 * {@code <downloads>}: what every transfer may take and bring ({@code download} and {@code debian}
 * steps, registry pulls). Each value may be left out for its default, and each is also a property
 * ({@code -Dimage.download.idleTimeout=2m}) that wins over the POM.
 *
 * <pre>{@code
 * <downloads>
 *   <idleTimeout>60s</idleTimeout>
 *   <timeout>30m</timeout>
 *   <maxSize>4GiB</maxSize>
 * </downloads>
 * }</pre>
 */
public final class Downloads {
  static final String IDLE_TIMEOUT_PROPERTY = "image.download.idleTimeout";
  static final String TIMEOUT_PROPERTY = "image.download.timeout";
  static final String MAX_SIZE_PROPERTY = "image.download.maxSize";

  /** The longest pause between two pieces of a body ({@code 60s}, {@code 2m}, {@code 500ms}). */
  private String idleTimeout;

  /** The longest a body may take from its headers to its last byte ({@code 30m}, {@code 1h}). */
  private String timeout;

  /**
   * The largest file a {@code download} or {@code debian} step may fetch ({@code 4GiB}); registry
   * blobs are held to their descriptors' sizes instead.
   */
  private String maxSize;

  /**
   * The limits from {@code downloads} (may be {@code null}) with the properties over it.
   *
   * @throws UserInputException naming the element or property whose value is not a duration or size
   */
  static TransferLimits limits(Downloads downloads, Properties userProperties) {
    TransferLimits defaults = TransferLimits.DEFAULT;
    String where = XmlPath.root("downloads");
    Duration idle =
        duration(
            value(
                userProperties,
                IDLE_TIMEOUT_PROPERTY,
                downloads == null ? null : downloads.idleTimeout),
            XmlPath.child(where, "idleTimeout"),
            IDLE_TIMEOUT_PROPERTY,
            defaults.idleTimeout());
    Duration total =
        duration(
            value(userProperties, TIMEOUT_PROPERTY, downloads == null ? null : downloads.timeout),
            XmlPath.child(where, "timeout"),
            TIMEOUT_PROPERTY,
            defaults.totalTimeout());
    String size =
        value(userProperties, MAX_SIZE_PROPERTY, downloads == null ? null : downloads.maxSize);
    long maxBytes = defaults.maxBytes();
    if (size != null) {
      maxBytes =
          ByteSize.parse(
              size, XmlPath.child(where, "maxSize") + " (property " + MAX_SIZE_PROPERTY + ")");
      if (maxBytes == 0) {
        throw new UserInputException(
            XmlPath.child(where, "maxSize") + " is 0: write a size such as 4GiB");
      }
    }
    return new TransferLimits(idle, total, maxBytes);
  }

  private static String value(Properties properties, String property, String element) {
    String override = properties == null ? null : properties.getProperty(property);
    String text = override != null ? override : element;
    return text == null || text.isBlank() ? null : text.trim();
  }

  private static Duration duration(String text, String where, String property, Duration fallback) {
    if (text == null) {
      return fallback;
    }
    Duration duration = Durations.parse(text);
    if (duration == null || duration.isZero()) {
      throw new UserInputException(
          where
              + " (property "
              + property
              + ") '"
              + text
              + "' is not a duration: write a positive number with a unit, such as 500ms, 90s,"
              + " 5m or 1h (a number alone is seconds)");
    }
    return duration;
  }
}
