package dev.imagesmith.debian;

import dev.imagesmith.error.UserInputException;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.store.AtomicFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stage's dpkg database, {@code /var/lib/dpkg}: read to learn what is installed, and written
 * after an install so that image scanners (and a later {@code dpkg -l}) see the packages: {@code
 * status} with one paragraph per package ({@code Status: install ok installed}) and {@code
 * info/NAME.list} (plus {@code md5sums} and {@code conffiles} where the package has them). Every
 * path is resolved inside the sandbox; files are replaced by an atomic rename, never written
 * through an existing link.
 */
public final class DpkgDatabase {
  static final String DIRECTORY = "/var/lib/dpkg";

  private final List<Map<String, String>> paragraphs;

  private DpkgDatabase(List<Map<String, String>> paragraphs) {
    this.paragraphs = paragraphs;
  }

  /** The database of {@code sandbox}; empty when the stage has none. */
  public static DpkgDatabase read(Sandbox sandbox) throws IOException {
    Path status = sandbox.resolve(DIRECTORY + "/status").hostPath();
    List<Map<String, String>> paragraphs = new ArrayList<>();
    if (Files.isRegularFile(status)) {
      try (BufferedReader in = Files.newBufferedReader(status, StandardCharsets.UTF_8)) {
        ControlParagraphs.read(in, null, paragraphs::add);
      }
    }
    return new DpkgDatabase(paragraphs);
  }

  /**
   * The database whose {@code status} file holds {@code status}, for a reader that took the text
   * from the stage itself (the SBOM: capped, undecodable bytes replaced).
   */
  public static DpkgDatabase ofStatus(String status) throws IOException {
    List<Map<String, String>> paragraphs = new ArrayList<>();
    ControlParagraphs.read(new BufferedReader(new StringReader(status)), null, paragraphs::add);
    return new DpkgDatabase(paragraphs);
  }

  /** A package the status lists as installed, as its paragraph names it. */
  public record Installed(String name, String version, String architecture) {}

  /** Every package whose status is {@code ... installed}, in the file's order. */
  public List<Installed> installedPackages() {
    List<Installed> installed = new ArrayList<>();
    for (Map<String, String> p : paragraphs) {
      if (p.get("Package") != null && p.getOrDefault("Status", "").endsWith(" installed")) {
        installed.add(
            new Installed(
                p.get("Package"),
                p.getOrDefault("Version", ""),
                p.getOrDefault("Architecture", "")));
      }
    }
    return installed;
  }

  /** The installed packages (status {@code ... installed}) and what they provide. */
  public InstalledPackages installed() {
    Map<String, String> versions = new HashMap<>();
    Map<String, List<String>> provides = new HashMap<>();
    Map<String, InstalledPackages.Declared> declared = new HashMap<>();
    for (Map<String, String> p : paragraphs) {
      String status = p.getOrDefault("Status", "");
      if (!status.endsWith(" installed") || p.get("Package") == null) {
        continue;
      }
      versions.put(p.get("Package"), p.getOrDefault("Version", ""));
      List<Relation> provided = List.of();
      try {
        provided = Relation.parseList(p.get("Provides"));
        for (Relation relation : provided) {
          provides.computeIfAbsent(relation.name(), n -> new ArrayList<>()).add(p.get("Package"));
        }
      } catch (IllegalArgumentException e) {
        // A Provides we cannot parse provides nothing we rely on.
      }
      List<Refusal> refusals = new ArrayList<>();
      try {
        refusals.addAll(Refusal.parse("Conflicts", p.get("Conflicts")));
        refusals.addAll(Refusal.parse("Breaks", p.get("Breaks")));
      } catch (IllegalArgumentException e) {
        // dpkg wrote this file and parsed these fields when it installed the package; one we
        // cannot read is from a tool we do not know, and refuses nothing we can name.
        refusals.clear();
      }
      declared.put(p.get("Package"), new InstalledPackages.Declared(provided, refusals));
    }
    return new InstalledPackages(versions, provides, declared);
  }

  /**
   * Records {@code deb} as installed: its status paragraph replaces any of the same package and
   * architecture, and its {@code info/} files are written.
   */
  public void add(Sandbox sandbox, DebFile deb, String source) throws IOException {
    Map<String, String> control = new LinkedHashMap<>();
    ControlParagraphs.read(
        new BufferedReader(new StringReader(deb.control())),
        null,
        p -> {
          if (control.isEmpty()) {
            control.putAll(p);
          }
        });
    String name = control.get("Package");
    String architecture = control.get("Architecture");
    if (!DebianNames.isPackage(name) || !DebianNames.isArchitecture(architecture)) {
      throw new UserInputException(
          source + " has a control file without a valid Package and Architecture");
    }
    Map<String, String> paragraph = new LinkedHashMap<>();
    paragraph.put("Package", name);
    paragraph.put("Status", "install ok installed");
    control.forEach(paragraph::putIfAbsent);
    String conffiles = conffiles(deb);
    if (!conffiles.isEmpty()) {
      paragraph.put("Conffiles", conffiles);
    }
    paragraphs.removeIf(
        p ->
            name.equals(p.get("Package"))
                && architecture.equals(p.getOrDefault("Architecture", architecture)));
    paragraphs.add(paragraph);

    String base = "same".equals(control.get("Multi-Arch")) ? name + ":" + architecture : name;
    String info = DIRECTORY + "/info";
    writeFile(sandbox, info, base + ".list", String.join("\n", deb.paths()) + "\n");
    if (deb.md5sums() != null) {
      writeFile(sandbox, info, base + ".md5sums", deb.md5sums());
    }
    if (deb.conffiles() != null) {
      writeFile(sandbox, info, base + ".conffiles", deb.conffiles());
    }
  }

  /** Writes {@code status}, paragraphs sorted by package and architecture like dpkg keeps them. */
  public void writeStatus(Sandbox sandbox) throws IOException {
    List<Map<String, String>> sorted = new ArrayList<>(paragraphs);
    sorted.sort(
        Comparator.comparing((Map<String, String> p) -> p.getOrDefault("Package", ""))
            .thenComparing(p -> p.getOrDefault("Architecture", "")));
    StringBuilder text = new StringBuilder();
    for (Map<String, String> p : sorted) {
      p.forEach(
          (field, value) ->
              text.append(field)
                  .append(':')
                  .append(value.isEmpty() || value.startsWith("\n") ? "" : " ")
                  .append(value.replace("\n", "\n "))
                  .append('\n'));
      text.append('\n');
    }
    writeFile(sandbox, DIRECTORY, "status", text.toString());
  }

  /**
   * Makes the files and directories dpkg needs before it can run in a stage that had none (as
   * debootstrap does before it first calls dpkg): an empty {@code status} and {@code available},
   * and {@code info/}, {@code updates/} and {@code triggers/}. What exists is kept.
   */
  public static void prepareForDpkg(Sandbox sandbox) throws IOException {
    for (String file : new String[] {"status", "available"}) {
      if (!Files.exists(
          sandbox.resolve(DIRECTORY + "/" + file).hostPath(), LinkOption.NOFOLLOW_LINKS)) {
        writeFile(sandbox, DIRECTORY, file, "");
      }
    }
    for (String directory : new String[] {"info", "updates", "triggers"}) {
      makeDirectories(sandbox, sandbox.resolve(DIRECTORY + "/" + directory).imagePath());
    }
  }

  /** dpkg's {@code Conffiles} value: {@code \n /etc/x md5} per conffile with a known md5. */
  private static String conffiles(DebFile deb) {
    if (deb.conffiles() == null) {
      return "";
    }
    Map<String, String> md5 = new HashMap<>();
    if (deb.md5sums() != null) {
      for (String line : deb.md5sums().split("\n")) {
        String[] words = line.strip().split("\\s+", 2);
        if (words.length == 2) {
          md5.put("/" + words[1].replaceFirst("^/", ""), words[0]);
        }
      }
    }
    StringBuilder value = new StringBuilder();
    for (String line : deb.conffiles().split("\n")) {
      String path = line.strip();
      if (path.startsWith("/")) {
        value.append('\n').append(path).append(' ').append(md5.getOrDefault(path, "newconffile"));
      }
    }
    return value.toString();
  }

  private static void writeFile(Sandbox sandbox, String directory, String name, String content)
      throws IOException {
    String resolved = sandbox.resolve(directory).imagePath();
    makeDirectories(sandbox, resolved);
    Sandbox.Resolved entry = sandbox.resolveEntry(ImagePaths.child(resolved, name));
    Path host = entry.hostPath();
    if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserInputException(
          "cannot write the dpkg database file " + entry.imagePath() + ": it is a directory");
    }
    AtomicFile.to(host).mode(0644).write(content.getBytes(StandardCharsets.UTF_8));
  }

  /** Creates each missing directory of a clean, symlink-free image path with mode 0755. */
  private static void makeDirectories(Sandbox sandbox, String cleanPath) throws IOException {
    String current = "/";
    for (String part : ImagePaths.components(cleanPath)) {
      current = ImagePaths.child(current, part);
      Path host = sandbox.hostPath(current);
      BasicFileAttributes attributes;
      try {
        attributes =
            Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException e) {
        Files.createDirectory(host);
        Files.setPosixFilePermissions(host, HostFiles.permissions(0755));
        continue;
      }
      if (!attributes.isDirectory()) {
        throw new UserInputException(
            "cannot create the dpkg database directory "
                + cleanPath
                + ": "
                + current
                + " is not a directory in the stage");
      }
    }
  }
}
