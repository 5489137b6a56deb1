package dev.imagesmith.sbom;

import dev.imagesmith.fs.ArchiveItem;
import dev.imagesmith.fs.FileType;
import dev.imagesmith.image.Digest;
import dev.imagesmith.io.Redaction;
import dev.imagesmith.plan.MavenCoordinates;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.sbom.BuildFacts.BaseImage;
import dev.imagesmith.sbom.BuildFacts.LayerFacts;
import dev.imagesmith.sbom.BuildFacts.StageFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.ExternalReference;
import org.cyclonedx.model.Hash;

/**
 * What the image's layers hold, as components: each layer this build wrote is matched, entry by
 * entry, against what the build knows put it there. A Debian package is in a layer when a file its
 * dpkg list names is; a download when the file at its target has its SHA-256; a Maven artifact when
 * its jar is in {@code /app/libs}, or in an exploded Spring Boot jar's {@code BOOT-INF/lib} with
 * the bytes of the jar Maven resolved; any other jar by the {@code pom.properties} it carries
 * ({@link JarIdentity}). Every other regular file is listed as itself (path, SHA-256, stage,
 * layer): made by one of its stage's copy, extract or run steps, which is all that can be said of
 * it.
 */
final class ImageContents {
  static final String STAGE = "imagesmith:stage";
  static final String LAYER = "imagesmith:layer";
  static final String PATH = "imagesmith:path";
  static final String ROLE = "imagesmith:role";
  static final String INSTALLED_BY = "imagesmith:installedBy";
  static final String STAGE_STEPS = "imagesmith:stageSteps";
  static final String IN_IMAGE = "imagesmith:inImage";
  static final String IDENTIFIED_BY = "imagesmith:identifiedBy";

  private final BuildFacts facts;
  private final ComponentSet set = new ComponentSet();
  private final Map<String, List<DpkgPackages.Package>> debian = new HashMap<>();
  private final Set<String> downloadsFound = new HashSet<>();

  private ImageContents(BuildFacts facts) {
    this.facts = facts;
  }

  /** The components of the image {@code facts} describe, base first. */
  static ComponentSet of(BuildFacts facts) throws IOException {
    ImageContents contents = new ImageContents(facts);
    contents.collect();
    return contents.set;
  }

  private void collect() throws IOException {
    if (facts.base() != null) {
      image(facts.base(), "base image");
    }
    Map<String, StageFacts> stages = new LinkedHashMap<>();
    facts.stages().forEach(stage -> stages.put(stage.spec().name(), stage));
    for (LayerFacts layer : facts.layers()) {
      Map<String, ArchiveItem> files = new LinkedHashMap<>();
      for (ArchiveItem entry : layer.written().entries()) {
        if (!entry.isDirectory()) {
          files.put(entry.name(), entry);
        }
      }
      Set<String> claimed = new HashSet<>();
      StageFacts stage = stages.get(layer.stage());
      String steps;
      if (stage != null) {
        if (stage.from() != null) {
          String ref = image(stage.from(), "stage base");
          set.property(ref, STAGE, layer.stage());
        }
        debianPackages(stage, layer, files, claimed);
        downloads(stage, layer, files, claimed);
        steps = fileSteps(stage);
      } else {
        project(layer, files, claimed);
        steps = "project";
      }
      otherFiles(layer, files, claimed, steps);
    }
    for (StageFacts stage : facts.stages()) {
      for (StepSpec step : stage.spec().steps()) {
        if (step instanceof StepSpec.Download download
            && !downloadsFound.contains(downloadRef(download))) {
          // Fetched for the build (a source archive a run step compiled, say) but no layer holds
          // its bytes: listed, and marked as not in the image.
          String ref = download(download);
          set.get(ref).setScope(Component.Scope.EXCLUDED);
          set.property(ref, STAGE, stage.spec().name());
          set.property(ref, IN_IMAGE, "false");
        }
      }
    }
  }

  /** A base image as a component; returns its bom-ref. */
  private String image(BaseImage base, String role) {
    String fallback = base.text().replaceFirst("^(oci|docker-archive):", "");
    fallback = fallback.replaceFirst(":[^/:]*$", "").replaceFirst("\\.tar$", "");
    fallback = fallback.substring(fallback.lastIndexOf('/') + 1);
    String purl = Purls.oci(base.registryReference(), fallback, base.digest());
    String ref = purl == null ? "image:" + base.digest() : purl;
    set.add(
        ref,
        () -> {
          Component c = new Component();
          c.setType(Component.Type.CONTAINER);
          c.setName(base.name());
          c.setVersion(base.digest().toString());
          c.setPurl(purl);
          c.addHash(new Hash(Hash.Algorithm.SHA_256, base.digest().encoded()));
          return c;
        });
    set.property(ref, ROLE, role);
    return ref;
  }

  private void debianPackages(
      StageFacts stage, LayerFacts layer, Map<String, ArchiveItem> files, Set<String> claimed)
      throws IOException {
    List<DpkgPackages.Package> packages = debian.get(stage.spec().name());
    if (packages == null) {
      packages = DpkgPackages.of(stage.sandbox(), stage.debianPackages());
      debian.put(stage.spec().name(), packages);
    }
    // A layer with the stage's dpkg status holds every package it lists, files or none (a package
    // whose only files are pruned docs is still installed to dpkg, and to a scanner).
    boolean status =
        files.containsKey(
            stage.sandbox().resolveEntry(DpkgPackages.DATABASE + "/status").imagePath());
    for (DpkgPackages.Package p : packages) {
      boolean inLayer = p.inStatus() && status;
      if (p.files() == null) {
        // No list (pruned): the package counts where the whole stage is copied.
        inLayer |= layer.path().equals("/");
      } else {
        for (String file : p.files()) {
          if (files.containsKey(file)) {
            claimed.add(file);
            inLayer = true;
          }
        }
      }
      if (!inLayer) {
        continue;
      }
      String purl = Purls.debian(p.name(), p.version(), p.architecture());
      String ref = purl != null ? purl : "deb:" + p.name() + ":" + p.architecture();
      set.add(
          ref,
          () -> {
            Component c = new Component();
            c.setType(Component.Type.LIBRARY);
            c.setName(p.name());
            c.setVersion(p.version());
            c.setPurl(purl);
            if (p.sha256() != null) {
              c.addHash(new Hash(Hash.Algorithm.SHA_256, p.sha256()));
            }
            return c;
          });
      set.property(ref, STAGE, stage.spec().name());
      set.property(ref, LAYER, layer.written().diffId().toString());
      set.property(
          ref,
          INSTALLED_BY,
          p.sha256() != null
              ? "debian step (the SHA-256 is the verified .deb's)"
              : "not a debian step of this build (the stage's base image or a run step)");
    }
  }

  private void downloads(
      StageFacts stage, LayerFacts layer, Map<String, ArchiveItem> files, Set<String> claimed)
      throws IOException {
    for (StepSpec step : stage.spec().steps()) {
      if (!(step instanceof StepSpec.Download download)) {
        continue;
      }
      String target = download.target().replaceAll("/+$", "");
      Set<String> candidates = new LinkedHashSet<>();
      for (String path :
          List.of(target.isEmpty() ? "/" : target, target + "/" + Purls.fileName(download.url()))) {
        candidates.add(stage.sandbox().resolveEntry(path).imagePath());
      }
      for (String path : candidates) {
        ArchiveItem entry = files.get(path);
        if (entry == null || !download.sha256().toLowerCase(Locale.ROOT).equals(sha256(entry))) {
          continue;
        }
        String ref = download(download);
        downloadsFound.add(ref);
        claimed.add(path);
        set.property(ref, STAGE, stage.spec().name());
        set.property(ref, LAYER, layer.written().diffId().toString());
        set.property(ref, PATH, path);
      }
    }
  }

  private static String downloadRef(StepSpec.Download download) {
    String purl = Purls.download(download.url(), download.sha256().toLowerCase(Locale.ROOT));
    return purl != null ? purl : "download:" + Redaction.url(download.url());
  }

  private String download(StepSpec.Download download) {
    String sha256 = download.sha256().toLowerCase(Locale.ROOT);
    String purl = Purls.download(download.url(), sha256);
    return set.add(
            downloadRef(download),
            () -> {
              Component c = new Component();
              c.setType(Component.Type.FILE);
              c.setName(Purls.fileName(download.url()));
              c.setPurl(purl);
              c.addHash(new Hash(Hash.Algorithm.SHA_256, sha256));
              ExternalReference from = new ExternalReference();
              from.setType(ExternalReference.Type.DISTRIBUTION);
              from.setUrl(Redaction.url(download.url())); // no credential leaves with the image
              c.addExternalReference(from);
              return c;
            })
        .getBomRef();
  }

  /** The project stage's jars: its dependencies and, packaged, the project itself. */
  private void project(LayerFacts layer, Map<String, ArchiveItem> files, Set<String> claimed)
      throws IOException {
    ProjectArtifacts project = facts.project();
    for (ProjectArtifacts.Library library : project.libraries()) {
      String path = ProjectArtifacts.LIBS + "/" + library.fileName();
      if (library.coordinates() != null && files.containsKey(path)) {
        maven(library.coordinates(), Component.Type.LIBRARY, layer, files.get(path));
        claimed.add(path);
      }
    }
    if (project.project() == null) {
      return;
    }
    ArchiveItem jar =
        project.packagedJar() == null
            ? null
            : files.get(ProjectArtifacts.LIBS + "/" + project.packagedJar().getFileName());
    boolean classes =
        files.keySet().stream()
            .anyMatch(
                p ->
                    p.startsWith(ProjectArtifacts.CLASSES + "/")
                        || p.startsWith(ProjectArtifacts.RESOURCES + "/"));
    if (jar != null) {
      maven(project.project(), Component.Type.APPLICATION, layer, jar);
      claimed.add(jar.name());
    } else if (project.springBootJar() != null) {
      bootLibraries(project, layer, files, claimed);
      // An exploded Spring Boot jar: the project is its BOOT-INF/classes, in the layer holding
      // them.
      String bootClasses = ProjectArtifacts.APP + "/BOOT-INF/classes";
      if (files.keySet().stream().anyMatch(p -> p.startsWith(bootClasses + "/"))) {
        String ref = maven(project.project(), Component.Type.APPLICATION, layer, null);
        set.property(ref, PATH, bootClasses);
      }
    } else if (classes) {
      // Classes and resources, no jar: the project is named, its files are listed one by one.
      String ref = maven(project.project(), Component.Type.APPLICATION, layer, null);
      set.property(ref, PATH, ProjectArtifacts.CLASSES);
      set.property(ref, PATH, ProjectArtifacts.RESOURCES);
    }
  }

  /**
   * The jars of an exploded Spring Boot jar's {@code BOOT-INF/lib} that are, byte for byte, a
   * dependency Maven resolved: named by it. Boot stores them unchanged, so the hash is the proof; a
   * jar no dependency matches stays a file of its own.
   */
  private void bootLibraries(
      ProjectArtifacts project,
      LayerFacts layer,
      Map<String, ArchiveItem> files,
      Set<String> claimed)
      throws IOException {
    String bootLib = ProjectArtifacts.APP + "/BOOT-INF/lib/";
    Map<String, MavenCoordinates> bySha256 = null;
    for (ArchiveItem entry : files.values()) {
      if (!entry.name().startsWith(bootLib)
          || entry.type() != FileType.REGULAR
          || entry.isHardlink()
          || entry.source() == null) {
        continue;
      }
      if (bySha256 == null) {
        bySha256 = new HashMap<>(); // hashed once, on the first layer with a BOOT-INF/lib jar
        for (ProjectArtifacts.Library library : project.bootLibraries()) {
          if (library.coordinates() != null) {
            bySha256.putIfAbsent(facts.hasher().sha256(library.file()), library.coordinates());
          }
        }
      }
      MavenCoordinates coordinates = bySha256.get(sha256(entry));
      if (coordinates != null) {
        maven(coordinates, Component.Type.LIBRARY, layer, entry);
        claimed.add(entry.name());
      }
    }
  }

  private String maven(
      MavenCoordinates coordinates, Component.Type type, LayerFacts layer, ArchiveItem entry)
      throws IOException {
    return maven(
        coordinates,
        type,
        layer,
        entry,
        ProjectArtifacts.STAGE,
        entry == null ? null : sha256(entry));
  }

  private String maven(
      MavenCoordinates coordinates,
      Component.Type type,
      LayerFacts layer,
      ArchiveItem entry,
      String stage,
      String sha256) {
    String purl = Purls.maven(coordinates);
    String ref = purl != null ? purl : "maven:" + coordinates;
    set.add(
        ref,
        () -> {
          Component c = new Component();
          c.setType(type);
          c.setGroup(coordinates.groupId());
          c.setName(coordinates.artifactId());
          c.setVersion(coordinates.version());
          c.setPurl(purl);
          if (sha256 != null) {
            c.addHash(new Hash(Hash.Algorithm.SHA_256, sha256));
          }
          return c;
        });
    set.property(ref, STAGE, stage);
    set.property(ref, LAYER, layer.written().diffId().toString());
    if (entry != null) {
      set.property(ref, PATH, entry.name());
    }
    return ref;
  }

  /**
   * A jar no resolved artifact accounts for, named by the {@code pom.properties} inside it ({@link
   * JarIdentity}), with {@link #IDENTIFIED_BY} saying so; false (list it as a file) when it states
   * none, or when a component of that name already has other bytes (two builds of one version).
   */
  private boolean selfNamedJar(LayerFacts layer, ArchiveItem entry, String sha256) {
    if (!entry.name().endsWith(".jar")) {
      return false;
    }
    Optional<MavenCoordinates> named = JarIdentity.of(entry.source());
    if (named.isEmpty()) {
      return false;
    }
    String purl = Purls.maven(named.get());
    if (purl == null) {
      return false;
    }
    Component known = set.contains(purl) ? set.get(purl) : null;
    if (known != null
        && (known.getHashes() == null
            || known.getHashes().stream().noneMatch(h -> h.getValue().equals(sha256)))) {
      return false;
    }
    maven(named.get(), Component.Type.LIBRARY, layer, entry, layer.stage(), sha256);
    set.property(purl, IDENTIFIED_BY, "META-INF/maven pom.properties in the jar");
    return true;
  }

  /** Every regular file no package, download or artifact accounts for. */
  private void otherFiles(
      LayerFacts layer, Map<String, ArchiveItem> files, Set<String> claimed, String steps)
      throws IOException {
    Digest diffId = layer.written().diffId();
    for (ArchiveItem entry : files.values()) {
      if (entry.type() != FileType.REGULAR
          || entry.isHardlink()
          || entry.source() == null
          || claimed.contains(entry.name())) {
        continue;
      }
      String sha256 = sha256(entry);
      if (selfNamedJar(layer, entry, sha256)) {
        continue;
      }
      String ref = "file:" + diffId.encoded().substring(0, 12) + ":" + entry.name();
      set.add(
          ref,
          () -> {
            Component c = new Component();
            c.setType(Component.Type.FILE);
            c.setName(entry.name());
            c.addHash(new Hash(Hash.Algorithm.SHA_256, sha256));
            return c;
          });
      set.property(ref, STAGE, layer.stage());
      set.property(ref, LAYER, diffId.toString());
      set.property(ref, STAGE_STEPS, steps);
    }
  }

  /** The kinds of the stage's steps that could have made a file: {@code copy, run}. */
  private static String fileSteps(StageFacts stage) {
    List<String> kinds = new ArrayList<>();
    for (StepSpec step : stage.spec().steps()) {
      String kind =
          step instanceof StepSpec.Copy
              ? "copy"
              : step instanceof StepSpec.Extract
                  ? "extract"
                  : step instanceof StepSpec.Download
                      ? "download"
                      : step instanceof StepSpec.Run ? "run" : "debian";
      if (!kinds.contains(kind)) {
        kinds.add(kind);
      }
    }
    if (stage.from() != null) {
      kinds.add(0, "from");
    }
    return kinds.isEmpty() ? "none" : String.join(", ", kinds);
  }

  private String sha256(ArchiveItem entry) throws IOException {
    return entry.source() == null ? null : facts.hasher().sha256(entry.source());
  }
}
