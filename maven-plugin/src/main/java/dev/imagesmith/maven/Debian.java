package dev.imagesmith.maven;

import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.StepSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code <debian><packages><package>busybox</package></packages></debian>}: installs Debian
 * packages with their dependencies into the stage, without dpkg, apt, chroot or root. Maintainer
 * scripts are not run. The resolved packages are pinned in {@code image-debian.lock} beside the
 * POM.
 */
public final class Debian implements StepConfig {
  static final String LOCK_FILE = "image-debian.lock";
  private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]*");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");
  private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** The packages to install, by name. */
  private List<String> packages;

  /** The repository root URL; the build host's apt repository when absent. */
  private String repository;

  /** The suite ({@code bookworm}); the host's when absent. */
  private String suite;

  /** Space- or comma-separated components ({@code main contrib}); the host's when absent. */
  private String components;

  /** The Debian architecture ({@code amd64}, {@code arm64}); the image platform's when absent. */
  private String architecture;

  /**
   * The OpenPGP keyring that signs the repository; the host's Debian archive keyring by default.
   */
  private String keyring;

  /** Packages never installed, even when something depends on them. */
  private List<String> excludes;

  /** Also install the archive's Essential packages (a full base system); off by default. */
  private Boolean essential;

  @Override
  public String element() {
    return "debian";
  }

  @Override
  public StepSpec toSpec(Path basedir, String where, Problems problems) {
    int before = problems.count();
    List<String> names = names(packages, XmlPath.child(where, "packages"), "package", problems);
    if (names.isEmpty() && problems.count() == before) {
      problems.add(
          XmlPath.child(where, "packages")
              + " is empty: name the packages to install, for example"
              + " <packages><package>busybox</package></packages>");
    }
    List<String> excluded = names(excludes, XmlPath.child(where, "excludes"), "exclude", problems);
    URI uri = repository(where, problems);
    String suiteName =
        word(suite, XmlPath.child(where, "suite"), "<suite>bookworm</suite>", problems);
    List<String> componentList = new ArrayList<>();
    if (components != null && !components.isBlank()) {
      for (String component : components.trim().split("[\\s,]+")) {
        if (WORD.matcher(component).matches()) {
          componentList.add(component);
        } else {
          problems.add(
              XmlPath.child(where, "components")
                  + " '"
                  + component
                  + "' is not a component name: write for example <components>main</components>");
        }
      }
    }
    String arch = null;
    if (architecture != null && !architecture.isBlank()) {
      arch = architecture.trim();
      if (!ARCHITECTURE.matcher(arch).matches()) {
        problems.add(
            XmlPath.child(where, "architecture")
                + " '"
                + arch
                + "' is not a Debian architecture: write for example amd64 or arm64");
      }
    }
    Path keyringPath =
        keyring == null || keyring.isBlank() ? null : basedir.resolve(keyring.trim()).normalize();
    if (problems.count() != before) {
      return null;
    }
    return new StepSpec.Debian(
        names,
        uri,
        suiteName,
        componentList,
        arch,
        keyringPath,
        excluded,
        Boolean.TRUE.equals(essential),
        basedir.resolve(LOCK_FILE),
        where);
  }

  private static List<String> names(
      List<String> given, String where, String element, Problems problems) {
    List<String> names = new ArrayList<>();
    if (given == null) {
      return names;
    }
    for (int i = 0; i < given.size(); i++) {
      String name = given.get(i) == null ? "" : given.get(i).trim();
      if (!PACKAGE.matcher(name).matches()) {
        problems.add(
            XmlPath.item(where, element, i)
                + " '"
                + name
                + "' is not a Debian package name: use lower-case letters, digits and + - ., for"
                + " example <"
                + element
                + ">ca-certificates</"
                + element
                + ">");
      } else {
        names.add(name);
      }
    }
    return names;
  }

  private URI repository(String where, Problems problems) {
    if (repository == null || repository.isBlank()) {
      return null;
    }
    String at = XmlPath.child(where, "repository");
    String text = repository.trim();
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme();
      if (!List.of("http", "https", "file").contains(scheme)) {
        problems.add(
            at
                + " '"
                + Redaction.url(text)
                + "' is not an http:, https: or file: URL of a repository root (the directory"
                + " holding dists/ and pool/)");
        return null;
      }
      return uri;
    } catch (URISyntaxException e) {
      problems.add(
          at + " '" + Redaction.url(text) + "' is not a valid URL (" + e.getReason() + ")");
      return null;
    }
  }

  private static String word(String value, String where, String example, Problems problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    if (!WORD.matcher(text).matches() || text.contains("..")) {
      problems.add(where + " '" + text + "' is not a suite name: write for example " + example);
      return null;
    }
    return text;
  }
}
