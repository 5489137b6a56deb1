package dev.imagesmith.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The plugin's version as Maven recorded it in the jar, for cache keys: a new plugin version never
 * reuses what an older one cached. A SNAPSHOT keeps its version while its code changes, so each
 * cache key also carries a format name that moves when the cached bytes would.
 */
public final class PluginVersion {
  private static final String VERSION = read();

  private PluginVersion() {}

  /** {@code 0.1.0}, or {@code unpackaged} when running from classes (tests). */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in =
        PluginVersion.class.getResourceAsStream(
            "/META-INF/maven/dev.imagesmith/image-maven-plugin/pom.properties")) {
      if (in == null) {
        return "unpackaged";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
