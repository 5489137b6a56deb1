package dev.imagesmith.sbom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.event.BuildLog;
import dev.imagesmith.image.Digest;
import dev.imagesmith.image.Platform;
import dev.imagesmith.pipeline.ImageBuilder;
import dev.imagesmith.plan.BaseSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.MavenCoordinates;
import dev.imagesmith.plan.ProjectArtifacts;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.plan.SupplyChainSpec;
import dev.imagesmith.testkit.BootJars;
import dev.imagesmith.testkit.TestImages;
import dev.imagesmith.testkit.TestPlans;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SBOM and the provenance of a real build (stages with a dpkg database, downloads, a run step,
 * the project stage) through {@link ImageBuilder}: valid against the CycloneDX 1.6 JSON schema the
 * CycloneDX library ships, listing what each layer holds and only that, the same bytes from the
 * same inputs, and never changing the image.
 */
class SupplyChainTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] IN_IMAGE = "a downloaded tool\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BUILD_ONLY = "source tarball\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path temp;
  private Path project;
  private Path cache;
  private Path lang3;
  private BaseSpec from = new BaseSpec.Scratch();

  @BeforeEach
  void project() throws IOException {
    project = temp.resolve("project");
    cache = temp.resolve("cache");
    // A stage root as a Debian base would bring it: a dpkg status and the packages' file lists.
    Path rootfs = project.resolve("rootfs");
    Files.createDirectories(rootfs.resolve("var/lib/dpkg/info"));
    Files.createDirectories(rootfs.resolve("usr/lib"));
    Files.createDirectories(rootfs.resolve("opt/bar"));
    Files.writeString(
        rootfs.resolve("var/lib/dpkg/status"),
        "Package: libfoo\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1:1.2+dfsg-3\n"
            + "Description: foo\n more foo\n\n"
            + "Package: libbar\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.0\n\n"
            + "Package: gone\nStatus: deinstall ok config-files\nArchitecture: amd64\nVersion: 1\n");
    Files.writeString(
        rootfs.resolve("var/lib/dpkg/info/libfoo:amd64.list"),
        "/.\n/usr\n/usr/lib\n/usr/lib/libfoo.so.1\n");
    Files.writeString(rootfs.resolve("var/lib/dpkg/info/libbar.list"), "/opt/bar\n/opt/bar/x\n");
    Files.writeString(rootfs.resolve("usr/lib/libfoo.so.1"), "foo library");
    Files.writeString(rootfs.resolve("opt/bar/x"), "bar");
    // Two downloads in the offline cache: one ends in a layer, one only feeds the build.
    for (byte[] content : List.of(IN_IMAGE, BUILD_ONLY)) {
      Path file = cache.resolve("downloads/sha256").resolve(sha256(content));
      Files.createDirectories(file.getParent());
      Files.write(file, content);
    }
    Path classes = project.resolve("target/classes");
    Files.createDirectories(classes.resolve("com/example"));
    Files.writeString(classes.resolve("com/example/Main.class"), "bytecode");
    lang3 = Files.writeString(temp.resolve("commons-lang3-3.14.0.jar"), "release jar");
  }

  private BuildPlan plan(String output, SupplyChainSpec supplyChain) {
    StageSpec runtime =
        new StageSpec(
            "runtime",
            null,
            List.of(
                new StepSpec.Copy(project.resolve("rootfs"), "/", "runtime/<copy>"),
                new StepSpec.Download(
                    URI.create("https://downloads.example.org/tools/tool-1.0.bin"),
                    sha256(IN_IMAGE),
                    "/usr/lib/",
                    "runtime/<download>[1]"),
                new StepSpec.Download(
                    URI.create("https://downloads.example.org/src/src-1.0.tar.gz"),
                    sha256(BUILD_ONLY),
                    "/src/src.tar.gz",
                    "runtime/<download>[2]"),
                new StepSpec.Run(
                    "mkdir -p \"$STAGE_ROOT/usr/lib/tools\" && echo made >"
                        + " \"$STAGE_ROOT/usr/lib/tools/made-by-run\"",
                    Map.of(),
                    "/",
                    "runtime/<run>")),
            PruneSpec.defaults(),
            "runtime");
    ProjectArtifacts artifacts =
        new ProjectArtifacts(
            List.of(
                new ProjectArtifacts.Library(
                    lang3,
                    "commons-lang3-3.14.0.jar",
                    false,
                    new MavenCoordinates(
                        "org.apache.commons", "commons-lang3", "3.14.0", null, "jar"))),
            project.resolve("target/classes"),
            null,
            new MavenCoordinates("com.example", "app", "1.0", null, "jar"));
    return TestPlans.in(project)
        .from(from)
        .stages(List.of(runtime))
        .layers(
            List.of(
                new LayerSpec("runtime", "/usr/lib", "l1"),
                new LayerSpec(ProjectArtifacts.STAGE, null, "l2")))
        .to(TestPlans.image("example.org/team/app:1.0"))
        .workDirectory(project.resolve("target/imagesmith-work/" + output))
        .outputDirectory(project.resolve("target/" + output))
        .cacheDirectory(cache)
        .project(artifacts)
        .cache(false)
        .supplyChain(
            new SupplyChainSpec(
                supplyChain.sbom(), supplyChain.provenance(), null, "ab".repeat(32), null))
        .build();
  }

  private Path build(String output) {
    return build(output, SupplyChainSpec.DEFAULT);
  }

  private Path build(String output, SupplyChainSpec supplyChain) {
    return new ImageBuilder(BuildLog.silent()).build(plan(output, supplyChain)).outputDirectory();
  }

  @Test
  void sbom_ofARealBuild_isValidCycloneDx16() throws IOException, ParseException {
    byte[] sbom = Files.readAllBytes(build("image").resolve("sbom.cdx.json"));

    List<ParseException> errors = new JsonParser().validate(sbom, Version.VERSION_16);
    assertEquals(List.of(), errors, "CycloneDX 1.6 schema violations");
    assertNotNull(new JsonParser().parse(sbom).getMetadata().getComponent());
    JsonNode root = JSON.readTree(sbom);
    assertEquals("CycloneDX", root.get("bomFormat").asText());
    assertEquals("1.6", root.get("specVersion").asText());
  }

  @Test
  void sbom_listsWhatTheLayersHold_andOnlyThat() throws Exception {
    Path output = build("image");
    JsonNode root = JSON.readTree(output.resolve("sbom.cdx.json").toFile());
    String digest = Files.readString(output.resolve("digest")).strip();

    JsonNode image = root.at("/metadata/component");
    assertEquals("container", image.get("type").asText());
    assertEquals(digest, image.get("version").asText());
    com.github.packageurl.PackageURL purl =
        new com.github.packageurl.PackageURL(image.get("purl").asText());
    assertEquals("oci", purl.getType());
    assertEquals("app", purl.getName());
    assertEquals(digest, purl.getVersion());
    assertEquals(
        Map.of("repository_url", "example.org/team/app", "tag", "1.0"), purl.getQualifiers());
    assertEquals("2026-01-01T00:00:00Z", root.at("/metadata/timestamp").asText());

    // The dpkg status's package whose file the layer holds; libbar's files are not in it, and a
    // package that is not installed never counts.
    JsonNode foo = byPurl(root, "pkg:deb/debian/libfoo@1%3A1.2%2Bdfsg-3?arch=amd64");
    assertEquals("libfoo", foo.get("name").asText());
    assertEquals("1:1.2+dfsg-3", foo.get("version").asText());
    assertTrue(
        property(foo, "imagesmith:installedBy").startsWith("not a debian step"),
        "no debian step of this build installed it, so no .deb hash is claimed");
    assertNull(foo.get("hashes"));
    assertNull(byName(root, "libbar"));
    assertNull(byName(root, "gone"));

    JsonNode tool = byName(root, "tool-1.0.bin");
    assertEquals(sha256(IN_IMAGE), tool.at("/hashes/0/content").asText());
    assertEquals("/usr/lib/tool-1.0.bin", property(tool, "imagesmith:path"));
    assertEquals(
        "https://downloads.example.org/tools/tool-1.0.bin",
        tool.at("/externalReferences/0/url").asText());
    JsonNode source = byName(root, "src-1.0.tar.gz");
    assertEquals("excluded", source.get("scope").asText(), "fetched for the build, not shipped");
    assertEquals("false", property(source, "imagesmith:inImage"));

    JsonNode lib = byPurl(root, "pkg:maven/org.apache.commons/commons-lang3@3.14.0");
    assertEquals(sha256(Files.readAllBytes(lang3)), lib.at("/hashes/0/content").asText());
    assertEquals("/app/libs/commons-lang3-3.14.0.jar", property(lib, "imagesmith:path"));
    JsonNode app = byPurl(root, "pkg:maven/com.example/app@1.0");
    assertEquals("application", app.get("type").asText());

    // What a run step made: its path, stage, layer and hash, and no more.
    JsonNode made = byName(root, "/usr/lib/tools/made-by-run");
    assertEquals("file", made.get("type").asText());
    assertEquals(
        sha256("made\n".getBytes(StandardCharsets.UTF_8)), made.at("/hashes/0/content").asText());
    assertEquals("runtime", property(made, "imagesmith:stage"));
    assertEquals("copy, download, run", property(made, "imagesmith:stageSteps"));
    assertTrue(property(made, "imagesmith:layer").startsWith("sha256:"));
    assertNotNull(byName(root, "/app/classes/com/example/Main.class"));
    // Files a package, a download or a jar accounts for are not listed again as files.
    assertNull(byName(root, "/usr/lib/libfoo.so.1"));
    assertNull(byName(root, "/usr/lib/tool-1.0.bin"));
    assertNull(byName(root, "/app/libs/commons-lang3-3.14.0.jar"));
  }

  /**
   * A Spring Boot jar exploded into the project stage: its BOOT-INF/lib jars are the dependencies
   * Maven resolved, and the SBOM names each whose bytes are the resolved jar's by its Maven
   * identity (a scanner reading the SBOM finds spring-core, not an anonymous file); a jar no
   * resolved dependency matches stays a file.
   */
  @Test
  void sbom_ofASpringBootJar_namesItsLibrariesByTheirMavenIdentity() throws Exception {
    // A jar in BOOT-INF/lib that no resolved dependency is, but that says what it is (Maven built
    // it).
    byte[] selfNamed =
        JarIdentityTest.zip(
            Map.of(
                "META-INF/maven/com.fasterxml.jackson.core/jackson-core/pom.properties",
                JarIdentityTest.pomProperties(
                    "com.fasterxml.jackson.core", "jackson-core", "2.19.0")));
    Path jar =
        BootJars.layered()
            .file("BOOT-INF/lib/jackson-core-2.19.0.jar", selfNamed)
            .replace(
                "BOOT-INF/layers.idx",
                BootJars.LAYERS_INDEX.replace(
                    "  - \"BOOT-INF/lib/spring-core-7.0.0.jar\"\n",
                    "  - \"BOOT-INF/lib/spring-core-7.0.0.jar\"\n"
                        + "  - \"BOOT-INF/lib/jackson-core-2.19.0.jar\"\n"))
            .write(project.resolve("target/app-1.0.jar"));
    Path springCore = Files.writeString(temp.resolve("spring-core-7.0.0.jar"), "release jar");
    Path util = Files.writeString(temp.resolve("util-1.0-SNAPSHOT.jar"), "rebuilt since");
    ProjectArtifacts boot =
        ProjectArtifacts.springBoot(
            jar,
            new MavenCoordinates("com.example", "app", "1.0", null, "jar"),
            List.of(
                new ProjectArtifacts.Library(
                    springCore,
                    "spring-core-7.0.0.jar",
                    false,
                    new MavenCoordinates(
                        "org.springframework", "spring-core", "7.0.0", null, "jar")),
                new ProjectArtifacts.Library(
                    util,
                    "util-1.0-SNAPSHOT.jar",
                    true,
                    new MavenCoordinates("com.example", "util", "1.0-SNAPSHOT", null, "jar"))));
    BuildPlan plan =
        TestPlans.in(project)
            .layers(List.of(new LayerSpec(ProjectArtifacts.STAGE, null, "l1")))
            .to(TestPlans.image("example.org/team/boot:1.0"))
            .cacheDirectory(cache)
            .project(boot)
            .cache(false)
            .build();
    Path output = new ImageBuilder(BuildLog.silent()).build(plan).outputDirectory();
    JsonNode root = JSON.readTree(output.resolve("sbom.cdx.json").toFile());

    JsonNode core = byPurl(root, "pkg:maven/org.springframework/spring-core@7.0.0");
    assertEquals("library", core.get("type").asText());
    assertEquals(sha256(Files.readAllBytes(springCore)), core.at("/hashes/0/content").asText());
    assertEquals("/app/BOOT-INF/lib/spring-core-7.0.0.jar", property(core, "imagesmith:path"));
    assertNull(byName(root, "/app/BOOT-INF/lib/spring-core-7.0.0.jar"), "not listed twice");
    // The jar holds another util than the one resolved now: its bytes are all that is known.
    assertFalse(root.toString().contains("pkg:maven/com.example/util"), root.toString());
    assertNotNull(byName(root, "/app/BOOT-INF/lib/util-1.0-SNAPSHOT.jar"));
    assertEquals("application", byPurl(root, "pkg:maven/com.example/app@1.0").get("type").asText());
    JsonNode tools = byPurl(root, "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.19.0");
    assertEquals("library", tools.get("type").asText());
    assertEquals(sha256(selfNamed), tools.at("/hashes/0/content").asText());
    assertEquals(
        "META-INF/maven pom.properties in the jar", property(tools, "imagesmith:identifiedBy"));
    assertNull(property(core, "imagesmith:identifiedBy", null), "resolved: no weaker word needed");
  }

  @Test
  void sbom_sameInputs_sameBytes_serialFromTheDigest() throws IOException {
    byte[] first = Files.readAllBytes(build("one").resolve("sbom.cdx.json"));
    byte[] second = Files.readAllBytes(build("two").resolve("sbom.cdx.json"));

    assertArrayEquals(first, second);
    String serial = JSON.readTree(first).get("serialNumber").asText();
    assertEquals(5, UUID.fromString(serial.substring("urn:uuid:".length())).version());
    assertFalse(
        new String(first, StandardCharsets.UTF_8).contains(temp.toString()), "no host path");
  }

  @Test
  void sbom_isAReferrerOfTheImage_andLeavesItsDigestAlone() throws IOException {
    Path with = build("with");
    Path without = build("without", SupplyChainSpec.NONE);

    String digest = Files.readString(with.resolve("digest"));
    assertEquals(digest, Files.readString(without.resolve("digest")), "the image is the same");
    assertFalse(Files.exists(without.resolve("sbom.cdx.json")));

    JsonNode index = JSON.readTree(with.resolve("oci/index.json").toFile());
    JsonNode referrer = null;
    for (JsonNode entry : index.get("manifests")) {
      if (entry.path("artifactType").asText().equals("application/vnd.cyclonedx+json")) {
        referrer = entry;
      }
    }
    assertNotNull(referrer, "index.json lists the SBOM");
    assertEquals("application/vnd.cyclonedx+json", referrer.get("artifactType").asText());
    Path manifestFile =
        with.resolve("oci/blobs/sha256")
            .resolve(Digest.parse(referrer.get("digest").asText(), "test").encoded());
    JsonNode manifest = JSON.readTree(manifestFile.toFile());
    assertEquals(digest.strip(), manifest.at("/subject/digest").asText());
    assertEquals("application/vnd.oci.empty.v1+json", manifest.at("/config/mediaType").asText());
    assertEquals(
        sha256(Files.readAllBytes(with.resolve("sbom.cdx.json"))),
        manifest.at("/layers/0/digest").asText().substring("sha256:".length()),
        "the stored SBOM is the file beside the image");
    assertEquals(
        1, countRefNames(index), "the referrer carries no tag: tags still name only the image");
  }

  @Test
  void aBaseLayoutOutsideTheProject_isNamedWithoutItsHostPath() throws IOException {
    Path layout = temp.resolve("bases/debian");
    Digest base =
        TestImages.layout(
            layout,
            TestImages.image(
                Platform.LINUX_AMD64, Map.of(), TestImages.layer("etc/base.txt", "base")),
            "12");
    from = new BaseSpec.OciLayout(layout, "12", "oci:" + layout + ":12");
    Path output = build("image");

    for (String document : List.of("sbom.cdx.json", "provenance.json")) {
      String text = Files.readString(output.resolve(document));
      assertFalse(text.contains(temp.toString()), document + " names a host path:\n" + text);
    }
    List<String> names = new ArrayList<>();
    JSON.readTree(output.resolve("sbom.cdx.json").toFile())
        .get("components")
        .forEach(
            c -> {
              if (c.path("version").asText().equals(base.toString())) {
                names.add(c.get("name").asText());
              }
            });
    assertEquals(List.of("oci:debian:12"), names);
  }

  @Test
  void provenance_namesTheImageTheBuilderAndEveryInputWithItsDigest() throws IOException {
    Path output = build("image");
    JsonNode statement = JSON.readTree(output.resolve("provenance.json").toFile());
    String digest = Files.readString(output.resolve("digest")).strip();

    assertEquals("https://in-toto.io/Statement/v1", statement.get("_type").asText());
    assertEquals("https://slsa.dev/provenance/v1", statement.get("predicateType").asText());
    assertEquals("example.org/team/app:1.0", statement.at("/subject/0/name").asText());
    assertEquals(digest.substring(7), statement.at("/subject/0/digest/sha256").asText());
    JsonNode predicate = statement.get("predicate");
    assertEquals(
        "pkg:maven/dev.imagesmith/image-maven-plugin@unpackaged",
        predicate.at("/runDetails/builder/id").asText());
    assertEquals(
        "unpackaged", predicate.at("/runDetails/builder/version/image-maven-plugin").asText());
    assertEquals(
        "ab".repeat(32),
        predicate.at("/buildDefinition/externalParameters/configuration/digest/sha256").asText());

    Map<String, String> inputs = new java.util.TreeMap<>();
    predicate
        .at("/buildDefinition/resolvedDependencies")
        .forEach(i -> inputs.put(i.get("uri").asText(), i.at("/digest/sha256").asText()));
    assertEquals(sha256(IN_IMAGE), inputs.get("https://downloads.example.org/tools/tool-1.0.bin"));
    assertEquals(
        sha256(BUILD_ONLY), inputs.get("https://downloads.example.org/src/src-1.0.tar.gz"));
    assertEquals(
        sha256(Files.readAllBytes(lang3)),
        inputs.get("pkg:maven/org.apache.commons/commons-lang3@3.14.0"));
    assertTrue(inputs.containsKey("file:rootfs"), inputs.toString());
    assertTrue(inputs.containsKey("file:target/classes"), inputs.toString());
    assertFalse(
        new String(Files.readAllBytes(output.resolve("provenance.json")), StandardCharsets.UTF_8)
            .contains(temp.toString()),
        "no host path");

    // A changed input shows: another tree digest for the copied directory.
    String before = inputs.get("file:rootfs");
    Files.writeString(project.resolve("rootfs/usr/lib/libfoo.so.1"), "another foo");
    JsonNode again = JSON.readTree(build("again").resolve("provenance.json").toFile());
    again
        .at("/predicate/buildDefinition/resolvedDependencies")
        .forEach(
            i -> {
              if (i.get("uri").asText().equals("file:rootfs")) {
                assertNotEquals(before, i.at("/digest/sha256").asText());
              }
            });
  }

  @Test
  void provenance_sameInputs_sameBytes_storedAsAnInTotoReferrer() throws IOException {
    Path one = build("one");
    byte[] first = Files.readAllBytes(one.resolve("provenance.json"));
    assertArrayEquals(first, Files.readAllBytes(build("two").resolve("provenance.json")));

    JsonNode index = JSON.readTree(one.resolve("oci/index.json").toFile());
    List<String> types = new ArrayList<>();
    index.get("manifests").forEach(e -> types.add(e.path("artifactType").asText(null)));
    assertEquals(
        java.util.Arrays.asList(
            null, "application/vnd.cyclonedx+json", "application/vnd.in-toto+json"),
        types);
  }

  private static int countRefNames(JsonNode index) {
    int count = 0;
    for (JsonNode entry : index.get("manifests")) {
      if (entry.at("/annotations/org.opencontainers.image.ref.name").isTextual()) {
        count++;
      }
    }
    return count;
  }

  private static JsonNode byPurl(JsonNode root, String purl) {
    for (JsonNode component : root.get("components")) {
      if (purl.equals(component.path("purl").asText())) {
        return component;
      }
    }
    List<String> purls = new ArrayList<>();
    root.get("components").forEach(c -> purls.add(c.path("purl").asText()));
    throw new AssertionError("no component " + purl + " among " + purls);
  }

  private static JsonNode byName(JsonNode root, String name) {
    for (JsonNode component : root.get("components")) {
      if (name.equals(component.path("name").asText())) {
        return component;
      }
    }
    return null;
  }

  private static String property(JsonNode component, String name, String otherwise) {
    for (JsonNode property : component.path("properties")) {
      if (name.equals(property.get("name").asText())) {
        return property.get("value").asText();
      }
    }
    return otherwise;
  }

  private static String property(JsonNode component, String name) {
    for (JsonNode property : component.path("properties")) {
      if (name.equals(property.get("name").asText())) {
        return property.get("value").asText();
      }
    }
    throw new AssertionError("no property " + name + " in " + component);
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
