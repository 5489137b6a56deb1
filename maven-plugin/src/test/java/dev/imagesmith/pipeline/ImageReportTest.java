package dev.imagesmith.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.error.UserInputException;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.report.Sizes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * report.html of a known image, its figures checked against what skopeo and GNU tar say about the
 * written OCI layout; and each budget failing the build after the report is written.
 */
class ImageReportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void report_knownImage_figuresMatchSkopeoAndTar() throws Exception {
    ReportFixture.build(ReportFixture.plan(dir, ChecksSpec.DEFAULT));
    Path output = dir.resolve("target/image");
    String html = Files.readString(output.resolve("report.html"));

    // Compressed sizes: the manifest as skopeo reads it from the layout we wrote.
    JsonNode manifest =
        JSON.readTree(run("skopeo", "inspect", "--raw", "oci:" + output.resolve("oci") + ":1"));
    long compressed = 0;
    List<String> digests = new ArrayList<>();
    for (JsonNode layer : manifest.get("layers")) {
      compressed += layer.get("size").asLong();
      digests.add(layer.get("digest").asText());
    }
    assertEquals(3, digests.size());

    // Uncompressed sizes and file sizes: gzip -d and tar -tv over each blob.
    long uncompressed = 0;
    Map<String, Long> sizes = new HashMap<>();
    for (String digest : digests) {
      Path blob = output.resolve("oci/blobs/sha256").resolve(digest.substring("sha256:".length()));
      Path tar = dir.resolve(digest.substring(7, 19) + ".tar");
      run("sh", "-c", "gzip -dc '" + blob + "' > '" + tar + "'");
      uncompressed += Files.size(tar);
      Matcher row =
          Pattern.compile("(?m)^-\\S+\\s+\\S+\\s+(\\d+)\\s+\\S+\\s+\\S+\\s+(.+)$")
              .matcher(run("tar", "-tvf", tar.toString()));
      while (row.find()) {
        sizes.merge("/" + row.group(2), Long.parseLong(row.group(1)), Long::sum);
      }
    }
    assertEquals(ReportFixture.BIG, sizes.get("/data/big.bin"));
    assertEquals(2 * ReportFixture.SUB, sizes.get("/data/sub/x.bin"), "shipped twice");
    assertEquals(ReportFixture.BIG, sizes.get("/copy/big-again.bin"));

    assertTrue(
        html.contains(uncompressed + " bytes uncompressed, " + compressed + " bytes compressed"),
        "size table total");
    JsonNode imageJson = JSON.readTree(output.resolve("image.json").toFile());
    assertEquals(uncompressed, imageJson.at("/size/uncompressed").asLong());
    assertEquals(compressed, imageJson.at("/size/compressed").asLong());
    assertTrue(imageJson.at("/checks/passed").asBoolean());

    long wasted = ReportFixture.SUB + ReportFixture.BIG;
    assertTrue(html.contains("Wasted bytes: " + Sizes.human(wasted)), "waste headline");
    assertTrue(
        html.contains(
            "<code>/data/sub/x.bin</code></td><td class=\"num\">"
                + Sizes.human(ReportFixture.SUB)
                + "</td><td>1 (files:/data)</td><td>overwritten by layer 2 (files:/data/sub)"),
        "hidden file row");
    assertTrue(
        html.contains("same content as /data/big.bin in layer 1 (files:/data)"), "duplicate row");
    assertTrue(
        html.contains(
            "<code>/data/big.bin</code></td><td class=\"num\">1</td><td class=\"num\">"
                + Sizes.human(ReportFixture.BIG)),
        "largest file row");
    assertTrue(html.contains("prune rule docs"), "the docs rule's saving");

    // Efficiency as dive computes it, from GNU tar's listing: the bytes of the files the final
    // filesystem shows over the bytes of all files the layers ship; layer 2 hides layer 1's x.bin.
    long shipped = sizes.values().stream().mapToLong(Long::longValue).sum();
    long tenths = (shipped - ReportFixture.SUB) * 1000 / shipped;
    assertTrue(
        html.contains("Efficiency " + tenths / 10 + "." + tenths % 10 + " %"),
        "efficiency " + tenths);
    // The file trees: the final filesystem nests sub/ inside data/; layer 2 marks x.bin changed.
    assertTrue(
        Pattern.compile(
                "(?s)<span class=\"n\">data/</span>((?!</details>).)*<span class=\"n\">sub/</span>")
            .matcher(html)
            .find(),
        "sub/ inside data/ in the filesystem tree");
    assertTrue(
        html.contains(
            "<span class=\"n c\">x.bin</span><span class=\"k c\" title=\"changed\">C</span>"),
        "x.bin marked changed in layer 2's tree");
    assertTrue(html.contains("/data/a&lt;b&gt;&amp;&quot;q&#39;.txt"), "escaped file name");
    assertFalse(html.contains(ReportFixture.HOSTILE_NAME), "never raw markup");
    assertSelfContained(html);
  }

  @Test
  void report_comesFromTheAssembly_theWrittenImageIsNeverReadBack() throws Exception {
    ReportFixture.build(ReportFixture.plan(dir, ChecksSpec.DEFAULT));
    Path output = dir.resolve("target/image");
    String first = Files.readString(output.resolve("report.html"));

    // Every layer blob of the written layout becomes garbage of the same size, its mtime kept: the
    // output cache keeps the layout as it is, and anything reading a layer back would fail on it.
    int damaged = 0;
    try (Stream<Path> blobs = Files.list(output.resolve("oci/blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        byte[] bytes = Files.readAllBytes(blob);
        if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
          var mtime = Files.getLastModifiedTime(blob);
          java.util.Arrays.fill(bytes, (byte) 0);
          Files.write(blob, bytes);
          Files.setLastModifiedTime(blob, mtime);
          damaged++;
        }
      }
    }
    assertEquals(3, damaged);

    // Other check settings, then the first ones again: each time the checks run again (the report
    // is not kept), over the kept layout, and give the first build's report byte for byte.
    ReportFixture.build(
        ReportFixture.plan(
            dir,
            ReportFixture.budget(new BudgetSpec(null, null, 3, null, ReportFixture.BUDGET_PATHS))));
    assertTrue(Files.readString(output.resolve("report.html")).contains("within its budget"));
    ReportFixture.build(ReportFixture.plan(dir, ChecksSpec.DEFAULT));
    assertEquals(first, Files.readString(output.resolve("report.html")));
  }

  @Test
  void report_isReproducible() throws Exception {
    ReportFixture.build(ReportFixture.plan(dir, ChecksSpec.DEFAULT));
    byte[] first = Files.readAllBytes(dir.resolve("target/image/report.html"));
    ReportFixture.build(ReportFixture.plan(dir, ChecksSpec.DEFAULT));
    assertEquals(
        new String(first, StandardCharsets.UTF_8),
        Files.readString(dir.resolve("target/image/report.html")));
  }

  static Stream<Arguments> budgets() {
    return Stream.of(
        Arguments.of(
            new BudgetSpec(100_000L, null, null, null, ReportFixture.BUDGET_PATHS),
            "<budget>/<maxSize> is 100.0 kB (100000 bytes) but the image has",
            "file /data/big.bin 300.0 kB"),
        Arguments.of(
            new BudgetSpec(null, 1000L, null, null, ReportFixture.BUDGET_PATHS),
            "<budget>/<maxCompressedSize> is 1.0 kB (1000 bytes) but the image has",
            "layer 1 (files:/data)"),
        Arguments.of(
            new BudgetSpec(null, null, 2, null, ReportFixture.BUDGET_PATHS),
            "<budget>/<maxLayers> is 2 layers but the image has 3 layers",
            "3 layers added (files:/data, files:/data/sub, other:/copy)"),
        Arguments.of(
            new BudgetSpec(null, null, null, 5_000L, ReportFixture.BUDGET_PATHS),
            "<budget>/<maxWastedBytes> is 5.0 kB (5000 bytes) but the image has 350.0 kB"
                + " (350000 bytes) wasted",
            "/copy/big-again.bin 300.0 kB in layer 3 (other:/copy), same content as"
                + " /data/big.bin in layer 1 (files:/data)"));
  }

  @ParameterizedTest
  @MethodSource("budgets")
  void build_budgetBroken_failsAfterWritingTheReport(
      BudgetSpec budget, String limit, String contributor) throws Exception {
    UserInputException e =
        assertThrows(
            UserInputException.class,
            () -> ReportFixture.build(ReportFixture.plan(dir, ReportFixture.budget(budget))));
    assertTrue(e.getMessage().contains(limit), e.getMessage());
    assertTrue(e.getMessage().contains(contributor), e.getMessage());
    assertEquals(1, e.getMessage().split("<budget>/", -1).length - 1, "only this limit");
    Path output = dir.resolve("target/image");
    String html = Files.readString(output.resolve("report.html"));
    assertTrue(html.contains("The image failed its checks"));
    assertTrue(html.contains("exceeded"));
    JsonNode json = JSON.readTree(output.resolve("image.json").toFile());
    assertFalse(json.at("/checks/passed").asBoolean());
    assertFalse(json.at("/checks/budget/passed").asBoolean());
    assertTrue(json.at("/checks/budget/problems/0").asText().startsWith("<budget>/"));
    assertTrue(Files.isDirectory(output.resolve("oci")), "the image stays, to be looked at");
    assertFalse(
        Files.exists(output.resolve("digest"), LinkOption.NOFOLLOW_LINKS),
        "a failed check leaves no digest that reads as success");
  }

  @Test
  void build_sameImageFailingItsChecks_removesTheDigestOfTheBuildThatPassed() throws Exception {
    Path digest = dir.resolve("target/image/digest");
    BuildResult passed = ReportFixture.build(ReportFixture.plan(dir, ChecksSpec.DEFAULT));
    assertEquals(passed.digest() + "\n", Files.readString(digest));

    // The same image (its layout kept by the output cache), now over budget: the build fails and
    // the earlier digest does not survive to say it succeeded.
    BudgetSpec tooSmall = new BudgetSpec(null, null, 1, null, ReportFixture.BUDGET_PATHS);
    assertThrows(
        UserInputException.class,
        () -> ReportFixture.build(ReportFixture.plan(dir, ReportFixture.budget(tooSmall))));
    assertFalse(Files.exists(digest, LinkOption.NOFOLLOW_LINKS), "digest after a failed check");
    assertTrue(Files.isRegularFile(dir.resolve("target/image/image.json")));

    ReportFixture.build(ReportFixture.plan(dir, ChecksSpec.DEFAULT));
    assertEquals(passed.digest() + "\n", Files.readString(digest), "passing again writes it");
  }

  @Test
  void build_budgetMetExactly_passes() throws Exception {
    ReportFixture.build(ReportFixture.plan(dir, ChecksSpec.DEFAULT));
    JsonNode json = JSON.readTree(dir.resolve("target/image/image.json").toFile());
    long size = json.at("/size/uncompressed").asLong();
    Files.walk(dir.resolve("target"))
        .sorted((a, b) -> b.compareTo(a))
        .forEach(p -> p.toFile().delete());
    ReportFixture.build(
        ReportFixture.plan(
            dir,
            ReportFixture.budget(
                new BudgetSpec(
                    size,
                    null,
                    3,
                    ReportFixture.SUB + ReportFixture.BIG,
                    ReportFixture.BUDGET_PATHS))));
  }

  static void assertSelfContained(String html) {
    for (String forbidden : List.of("<script", "http://", "https://", "<link", "@import", "src=")) {
      String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
      assertFalse(withoutSvgNamespace.contains(forbidden), "report.html contains " + forbidden);
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + out);
    return out;
  }
}
