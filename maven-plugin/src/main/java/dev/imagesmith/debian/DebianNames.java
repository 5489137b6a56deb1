package dev.imagesmith.debian;

import java.util.regex.Pattern;

/**
 * The grammar of names the repository hands us. Everything that becomes a file name in the stage
 * ({@code info/NAME.list}) or a path of a download ({@code Filename}) is checked against it first,
 * so that a hostile index cannot reach outside the repository or the dpkg database.
 */
final class DebianNames {
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]{0,127}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+~:-]{1,128}");
  private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9-]{1,32}");
  private static final Pattern FILENAME =
      Pattern.compile("[A-Za-z0-9+._~%-]+(/[A-Za-z0-9+._~%-]+)*");
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");

  private DebianNames() {}

  static boolean isPackage(String name) {
    return name != null && PACKAGE.matcher(name).matches();
  }

  static boolean isVersion(String version) {
    return version != null && VERSION.matcher(version).matches();
  }

  static boolean isArchitecture(String architecture) {
    return architecture != null && ARCHITECTURE.matcher(architecture).matches();
  }

  static boolean isSha256(String hex) {
    return hex != null && SHA256.matcher(hex).matches();
  }

  /** A relative path below a repository root with no {@code .} or {@code ..} component. */
  static boolean isRepositoryPath(String path) {
    if (path == null || path.length() > 1024 || !FILENAME.matcher(path).matches()) {
      return false;
    }
    for (String part : path.split("/")) {
      if (part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
