package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.ConfigPaths;
import java.util.Map;

/** Docker platform architectures and the Debian names for them. */
public final class DebianArchitectures {
  private static final Map<String, String> DEBIAN_ARCHITECTURES =
      Map.of(
          "amd64", "amd64",
          "arm64", "arm64",
          "arm/v7", "armhf",
          "arm/v6", "armel",
          "arm/v5", "armel",
          "386", "i386",
          "ppc64le", "ppc64el",
          "s390x", "s390x",
          "riscv64", "riscv64",
          "mips64le", "mips64el");

  private DebianArchitectures() {}

  /**
   * {@code linux/arm64/v8} is {@code arm64}, {@code linux/arm/v7} is {@code armhf}.
   *
   * @throws UserInputException naming {@code where} if the platform has no Debian architecture
   */
  public static String of(String platform, String where) {
    String[] parts = platform.split("/");
    String arch = parts.length > 1 ? parts[1] : platform;
    String variant = parts.length > 2 ? parts[2] : null;
    String debian =
        arch.equals("arm")
            ? DEBIAN_ARCHITECTURES.get("arm/" + (variant == null ? "v7" : variant))
            : DEBIAN_ARCHITECTURES.get(arch);
    if (debian == null) {
      throw new UserInputException(
          where
              + ": the platform "
              + platform
              + " has no Debian architecture; name one with "
              + ConfigPaths.POM.debian().architecture());
    }
    return debian;
  }
}
