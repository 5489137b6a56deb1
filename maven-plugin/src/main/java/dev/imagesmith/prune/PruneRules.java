package dev.imagesmith.prune;

import dev.imagesmith.plan.PruneSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in rule families and the rules a {@link PruneSpec} asks for. Package caches are only
 * the caches of package managers (conda, apt, pip, npm, yarn); a project's own build leftovers such
 * as {@code __pycache__} are the user's {@code excludes} ({@code **}{@code /*.pyc}).
 */
public final class PruneRules {
  private static final String BUILT_IN = "built-in prune rule";

  /** {@code **}{@code /*.a}, {@code **}{@code /*.la}: static archives and libtool files. */
  public static final List<PruneRule> STATIC_LIBRARIES =
      List.of(rule("static libraries", files("**/*.a"), files("**/*.la")));

  /** The caches package managers leave behind. Lists keep their directories for apt. */
  public static final List<PruneRule> PACKAGE_CACHES =
      List.of(
          rule(
              "conda package cache",
              new PrunePattern(glob("**/pkgs"), false, "conda-meta"),
              any("**/pkgs/*/info")),
          rule("apt package lists", files("var/lib/apt/lists/**")),
          rule(
              "apt package archives",
              any("var/cache/apt/archives/*.deb"),
              any("var/cache/apt/*.bin")),
          rule("pip cache", any("**/.cache/pip")),
          rule("npm cache", any("**/.npm/_cacache"), any("**/.npm/_logs")),
          rule("yarn cache", any("**/.cache/yarn"), any("**/.yarn-cache")));

  /**
   * Documentation trees. Note that Debian's {@code /usr/share/doc} also holds the packages'
   * copyright files; turn {@code docs} off where they must ship.
   */
  public static final List<PruneRule> DOCS =
      List.of(
          rule(
              "docs",
              any("**/share/doc"),
              any("**/share/man"),
              any("**/share/info"),
              any("**/share/gtk-doc")));

  private PruneRules() {}

  /**
   * The rules {@code spec} turns on, built-in families first, then one rule per user exclude in the
   * user's order (named {@code exclude <pattern>}).
   *
   * @param where the XML path of the prune configuration, named in errors
   * @throws dev.imagesmith.error.UserInputException for an exclude that could leave the stage
   */
  public static List<PruneRule> of(PruneSpec spec, String where) {
    List<PruneRule> rules = new ArrayList<>();
    if (spec.staticLibraries()) {
      rules.addAll(STATIC_LIBRARIES);
    }
    if (spec.packageCaches()) {
      rules.addAll(PACKAGE_CACHES);
    }
    if (spec.docs()) {
      rules.addAll(DOCS);
    }
    for (String exclude : spec.excludes()) {
      Glob glob = Glob.parse(exclude, where + "/excludes");
      rules.add(rule("exclude " + glob.pattern(), PrunePattern.of(glob)));
    }
    return rules;
  }

  private static PruneRule rule(String name, PrunePattern... patterns) {
    return new PruneRule(name, List.of(patterns));
  }

  private static PrunePattern any(String pattern) {
    return PrunePattern.of(glob(pattern));
  }

  private static PrunePattern files(String pattern) {
    return new PrunePattern(glob(pattern), true, null);
  }

  private static Glob glob(String pattern) {
    return Glob.parse(pattern, BUILT_IN);
  }
}
