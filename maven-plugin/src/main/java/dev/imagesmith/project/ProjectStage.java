package dev.imagesmith.project;

import dev.imagesmith.error.ImagesmithException;
import dev.imagesmith.fs.ImagePaths;
import dev.imagesmith.fs.Sandbox;
import dev.imagesmith.fs.archive.ExtractLimits;
import dev.imagesmith.io.HostFiles;
import dev.imagesmith.plan.ProjectArtifacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filled {@code project} stage: one sandbox per non-empty {@link ProjectPart} (or, for a Spring
 * Boot jar, per non-empty layer of its index: {@link SpringBootJar}), each holding only that part's
 * files at their image paths, and on request one sandbox with everything (for a {@code <layer>}
 * that selects a {@code <path>} of the stage).
 *
 * <p>Reproducible by construction: files are 0644 and directories 0755 whatever the host's umask,
 * and every mtime is the build timestamp, so a rebuild with the same bytes gives the same layers
 * even though {@code target/classes} was rewritten. Resources and classes are told apart by name,
 * as the JVM does: {@code .class} files are classes, every other file of {@code target/classes} is
 * a resource. Symlinks are copied as links, never followed.
 */
public final class ProjectStage {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final int FILE_MODE = 0644;
  private static final int DIRECTORY_MODE = 0755;

  /**
   * One filled part.
   *
   * @param label the part's name: a {@link ProjectPart#label()}, or a Spring Boot layer's
   * @param selectedPath the directory holding all of the part's files ({@code /app/libs}), the path
   *     its layer copies
   * @param files how many files and links the part holds
   * @param bytes the size of its regular files
   */
  public record Part(String label, Sandbox sandbox, String selectedPath, int files, long bytes) {}

  private static final List<String> PART_ORDER =
      Arrays.stream(ProjectPart.values()).map(ProjectPart::label).toList();

  /** Where the files of a Spring Boot jar are written before the parts copy them. */
  private static final String BOOT_STAGING = ".jar";

  /** A Spring Boot layer's sandbox: never the name of a built-in part or of {@code all}. */
  private static final String BOOT_PART = "boot-";

  private final List<Placement> placements;
  private final List<Part> parts;
  private final Path root;
  private final FileTime mtime;
  private Sandbox whole;
  private String layersFrom;

  private ProjectStage(List<Placement> placements, List<Part> parts, Path root, FileTime mtime) {
    this.placements = placements;
    this.parts = parts;
    this.root = root;
    this.mtime = mtime;
  }

  /**
   * Fills a sandbox per part below {@code root} (emptied first). On failure {@code root} is
   * removed, so that no half-filled part is left behind.
   *
   * @param timestamp every file's and directory's mtime
   */
  public static ProjectStage fill(ProjectArtifacts artifacts, Path root, Instant timestamp)
      throws IOException {
    return fill(artifacts, root, timestamp, SpringBootJar.LIMITS);
  }

  /** As {@link #fill(ProjectArtifacts, Path, Instant)}, with the limits a Spring Boot jar meets. */
  static ProjectStage fill(
      ProjectArtifacts artifacts, Path root, Instant timestamp, ExtractLimits bootLimits)
      throws IOException {
    HostFiles.deleteTree(root);
    try {
      return fillEmpty(artifacts, root, timestamp, bootLimits);
    } catch (IOException | RuntimeException e) {
      HostFiles.deleteTree(root);
      throw e;
    }
  }

  private static ProjectStage fillEmpty(
      ProjectArtifacts artifacts, Path root, Instant timestamp, ExtractLimits bootLimits)
      throws IOException {
    List<Placement> placements;
    List<String> order;
    String directoryPrefix;
    String layersFrom = null;
    if (artifacts.springBootJar() != null) {
      SpringBootJar.Layout layout =
          SpringBootJar.layout(
              artifacts.springBootJar(),
              root.resolve(BOOT_STAGING),
              artifacts.appRoot(),
              bootLimits);
      placements = layout.placements();
      order = layout.layers();
      directoryPrefix = BOOT_PART;
      layersFrom = layout.layersFrom();
    } else {
      placements = placements(artifacts);
      order = PART_ORDER;
      directoryPrefix = "";
    }
    FileTime mtime = FileTime.from(timestamp);
    Map<String, List<Placement>> byPart = new LinkedHashMap<>();
    order.forEach(label -> byPart.put(label, new ArrayList<>()));
    for (Placement placement : placements) {
      byPart.get(placement.part()).add(placement);
    }
    List<Part> parts = new ArrayList<>();
    for (Map.Entry<String, List<Placement>> entry : byPart.entrySet()) {
      if (entry.getValue().isEmpty()) {
        continue;
      }
      Sandbox sandbox = Sandbox.create(root.resolve(directoryPrefix + entry.getKey()));
      long bytes = copy(entry.getValue(), sandbox, mtime);
      parts.add(
          new Part(
              entry.getKey(),
              sandbox,
              partDirectory(entry.getValue(), artifacts.appRoot()),
              entry.getValue().size(),
              bytes));
    }
    ProjectStage stage = new ProjectStage(placements, List.copyOf(parts), root, mtime);
    stage.layersFrom = layersFrom;
    return stage;
  }

  /**
   * Where a Spring Boot jar's layers came from ({@code "Spring Boot layers from
   * BOOT-INF/layers.idx"}, or the default split), for the build log; {@code null} in other modes.
   */
  public String layersFrom() {
    return layersFrom;
  }

  /** The non-empty parts in layer order. */
  public List<Part> parts() {
    return parts;
  }

  /** The size of every regular file of the stage. */
  public long bytes() {
    return parts.stream().mapToLong(Part::bytes).sum();
  }

  /** One sandbox with every part, made on first use. */
  public Sandbox whole() throws IOException {
    if (whole == null) {
      Sandbox sandbox = Sandbox.create(root.resolve("all"));
      copy(placements, sandbox, mtime);
      whole = sandbox;
    }
    return whole;
  }

  private static List<Placement> placements(ProjectArtifacts artifacts) throws IOException {
    if (artifacts.explodedWar() != null) {
      return ExplodedWar.placements(artifacts.explodedWar(), artifacts.appRoot());
    }
    List<Placement> placements = new ArrayList<>();
    Set<String> libraryNames = new HashSet<>();
    for (ProjectArtifacts.Library library : artifacts.libraries()) {
      if (!libraryNames.add(library.fileName())) {
        // The Maven side makes names unique; two equal ones would silently drop a jar.
        throw new ImagesmithException(
            "two libraries are both named " + library.fileName() + " in " + ProjectArtifacts.LIBS);
      }
      placements.add(
          new Placement(
              library.snapshot()
                  ? ProjectPart.SNAPSHOT_DEPENDENCIES.label()
                  : ProjectPart.RELEASE_DEPENDENCIES.label(),
              library.file(),
              ImagePaths.child(ProjectArtifacts.LIBS, library.fileName()),
              ProjectArtifacts.LIBS));
    }
    if (artifacts.classesDirectory() != null
        && Files.isDirectory(artifacts.classesDirectory(), NOFOLLOW)) {
      placements.addAll(classesAndResources(artifacts.classesDirectory()));
    }
    if (artifacts.packagedJar() != null) {
      String name = artifacts.packagedJar().getFileName().toString();
      if (libraryNames.contains(name)) {
        throw new ImagesmithException(
            "the project's jar and a dependency are both named "
                + name
                + " in "
                + ProjectArtifacts.LIBS);
      }
      placements.add(
          new Placement(
              ProjectPart.CLASSES.label(),
              artifacts.packagedJar(),
              ImagePaths.child(ProjectArtifacts.LIBS, name),
              ProjectArtifacts.LIBS));
    }
    return placements;
  }

  private static List<Placement> classesAndResources(Path classes) throws IOException {
    List<Placement> placements = new ArrayList<>();
    ProjectFiles.walk(
        classes,
        (file, relative, regular) -> {
          boolean isClass = regular && relative.endsWith(".class");
          String partRoot = isClass ? ProjectArtifacts.CLASSES : ProjectArtifacts.RESOURCES;
          placements.add(
              new Placement(
                  isClass ? ProjectPart.CLASSES.label() : ProjectPart.RESOURCES.label(),
                  file,
                  partRoot + "/" + relative,
                  partRoot));
        });
    return placements;
  }

  /** Copies each placement into {@code sandbox}; returns the bytes of regular files copied. */
  private static long copy(List<Placement> placements, Sandbox sandbox, FileTime mtime)
      throws IOException {
    long bytes = 0;
    Set<Path> directories = new HashSet<>();
    for (Placement placement : placements) {
      createParents(sandbox, ImagePaths.parent(placement.imagePath()), directories);
      Sandbox.Resolved resolved = sandbox.resolveEntry(placement.imagePath());
      Path target = resolved.hostPath();
      if (Files.isSymbolicLink(placement.source())) {
        sandbox.createSymlink(
            resolved.imagePath(), Files.readSymbolicLink(placement.source()).toString());
        // The link's own time (lutimes), never its target's.
        Files.getFileAttributeView(target, BasicFileAttributeView.class, NOFOLLOW)
            .setTimes(mtime, null, null);
        continue;
      }
      Files.copy(placement.source(), target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, HostFiles.permissions(FILE_MODE));
      Files.setLastModifiedTime(target, mtime);
      bytes += Files.size(target);
    }
    // Last: adding a child changes its directory's mtime.
    for (Path directory : directories) {
      Files.setLastModifiedTime(directory, mtime);
    }
    return bytes;
  }

  private static void createParents(Sandbox sandbox, String directory, Set<Path> created)
      throws IOException {
    List<String> chain = new ArrayList<>();
    for (String d = directory; !d.equals("/"); d = ImagePaths.parent(d)) {
      chain.add(d);
    }
    Collections.reverse(chain);
    for (String d : chain) {
      Path host = sandbox.resolveEntry(d).hostPath();
      if (created.add(host)) {
        Files.createDirectories(host);
        Files.setPosixFilePermissions(host, HostFiles.permissions(DIRECTORY_MODE));
      }
    }
  }

  /**
   * The directory that holds every placement of a part ({@code /app/classes}), or the stage's root
   * ({@code /app}, or a WAR's application root) when they spread over several.
   */
  private static String partDirectory(List<Placement> placements, String stageRoot) {
    String root = placements.get(0).partRoot();
    for (Placement placement : placements) {
      if (!placement.partRoot().equals(root)) {
        return stageRoot;
      }
    }
    return root;
  }
}
