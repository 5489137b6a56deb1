package dev.imagesmith.image;

import dev.imagesmith.error.UserInputException;
import java.util.Locale;

/**
 * An image platform {@code os/architecture[/variant]}. Comparisons use the normalised form, the way
 * containerd matches platforms: {@code aarch64} is {@code arm64}, {@code arm64} without a variant
 * is {@code arm64/v8}, {@code arm} without a variant is {@code arm/v7}, {@code x86_64} is {@code
 * amd64}.
 *
 * @param variant empty when the platform has none, never {@code null}
 */
public record Platform(String os, String architecture, String variant) {
  /** The default target platform when the build names none. */
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

  public Platform {
    if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
      throw new IllegalArgumentException("platform needs an os and an architecture");
    }
    variant = variant == null ? "" : variant;
  }

  /**
   * Parses {@code os/arch} or {@code os/arch/variant}, e.g. {@code linux/arm64/v8}.
   *
   * @param where what the text came from, named in the error
   */
  public static Platform parse(String text, String where) {
    String[] parts = text == null ? new String[0] : text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || hasBlank(parts)) {
      throw new UserInputException(
          where
              + ": '"
              + text
              + "' is not a platform; write os/architecture[/variant], e.g. linux/amd64 or"
              + " linux/arm64/v8");
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  private static boolean hasBlank(String[] parts) {
    for (String part : parts) {
      if (part.isBlank() || !part.equals(part.strip())) {
        return true;
      }
    }
    return false;
  }

  /** The canonical spelling used for comparison. */
  public Platform normalized() {
    String normOs = os.toLowerCase(Locale.ROOT);
    String arch = architecture.toLowerCase(Locale.ROOT);
    String var = variant.toLowerCase(Locale.ROOT);
    switch (arch) {
      case "x86_64", "x86-64", "amd64" -> {
        arch = "amd64";
        if (var.equals("v1")) {
          var = "";
        }
      }
      case "aarch64", "arm64" -> {
        arch = "arm64";
        if (var.isEmpty() || var.equals("8") || var.equals("v8")) {
          var = "v8";
        }
      }
      case "armhf" -> {
        arch = "arm";
        var = "v7";
      }
      case "armel" -> {
        arch = "arm";
        var = "v6";
      }
      case "arm" -> {
        if (var.isEmpty()) {
          var = "v7";
        } else if (var.matches("[5-8]")) {
          var = "v" + var;
        }
      }
      case "i386", "i686" -> arch = "386";
      default -> {}
    }
    return new Platform(normOs, arch, var);
  }

  /** Whether an image made for {@code candidate} runs as this platform. */
  public boolean matches(Platform candidate) {
    return normalized().equals(candidate.normalized());
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
