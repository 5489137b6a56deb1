package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagesmith.pipeline.ImageBuilder;
import dev.imagesmith.plan.BudgetSpec;
import dev.imagesmith.plan.BuildPlan;
import dev.imagesmith.plan.ChecksSpec;
import dev.imagesmith.plan.LayerSpec;
import dev.imagesmith.plan.PruneSpec;
import dev.imagesmith.plan.StageSpec;
import dev.imagesmith.plan.StepSpec;
import dev.imagesmith.testkit.TestPlans;
import dev.imagesmith.testkit.TestTar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security case M4 (security-cases.md): archive entry names that hold a newline and a fake Maven
 * line, a carriage return, ANSI escapes or a bidi override. Built through the real log adapter and
 * the mojos' failure translation, the console shows them escaped, never as lines of their own;
 * image.json and report.html carry them escaped for JSON and HTML.
 */
class LoggedNamesCasesTest {
  private static final String FORGED = "[INFO] BUILD SUCCESS";
  private static final String EVIL = "opt/app/evil\n" + FORGED;
  private static final String ANSI = "opt/app/x\u001b[2K\r" + FORGED + "\u202e";
  private static final String RETURN = "opt/app/evil\r" + FORGED;

  @TempDir Path temp;

  /** What Maven's console shows: a prefix per log call, then the message as it is. */
  static final class Console extends SystemStreamLog {
    final StringBuilder text = new StringBuilder();

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public void debug(CharSequence message) {
      text.append("[DEBUG] ").append(message).append('\n');
    }

    @Override
    public void info(CharSequence message) {
      text.append("[INFO] ").append(message).append('\n');
    }

    @Override
    public void warn(CharSequence message) {
      text.append("[WARNING] ").append(message).append('\n');
    }

    /** How Maven 3.9 reports a goal's failure: each line of the message after an error prefix. */
    void failed(Exception e) {
      String message = "Failed to execute goal image:build on project m4: " + e.getMessage();
      for (String line : message.split("\n", -1)) {
        text.append("[ERROR] ").append(line).append('\n');
      }
    }

    /** The lines a terminal shows: a carriage return starts a line too. */
    List<String> lines() {
      return Arrays.asList(text.toString().split("\r\n|\n|\r", -1));
    }
  }

  /** A shared object cut short: the library check cannot read it and warns with its name. */
  private static byte[] brokenElf() {
    byte[] bytes = new byte[40];
    byte[] ident = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    System.arraycopy(ident, 0, bytes, 0, ident.length);
    bytes[16] = 3; // ET_DYN
    bytes[18] = 0x3e; // x86-64
    return bytes;
  }

  private BuildPlan plan(Path project, Path archive, ChecksSpec checks) {
    StageSpec app =
        new StageSpec(
            "app",
            null,
            List.of(new StepSpec.Extract(archive, "/", 0, "<extract>")),
            PruneSpec.defaults(),
            "<stages>/<stage>[app]");
    return TestPlans.in(project)
        .stages(List.of(app))
        .layers(List.of(new LayerSpec("app", "/opt/app", "<layers>/<layer>[1]")))
        .to(TestPlans.image("example.org/m4:1"))
        .cacheDirectory(temp.resolve("user-cache"))
        .checks(checks)
        .cache(false)
        .build();
  }

  /** Builds as {@code image:build} does: the Maven log adapter and the failure translation. */
  private Console build(BuildPlan plan) {
    Console console = new Console();
    MojoFailureException e =
        assertThrows(
            MojoFailureException.class,
            () ->
                ImageMojo.translatingFailures(
                    () -> new ImageBuilder(new MavenBuildLog(console)).build(plan)));
    console.failed(e);
    return console;
  }

  private static void assertNoForgedLine(Console console) {
    String text = console.text.toString();
    for (String line : console.lines()) {
      assertFalse(line.startsWith(FORGED), "a forged line in:\n" + text);
    }
    assertFalse(text.contains("\u001b"), "an ANSI escape reached the console:\n" + text);
    assertFalse(text.contains("\u202e"), "a bidi override reached the console:\n" + text);
  }

  @Test
  void M4_namesWithNewlinesAndEscapes_neverForgeLogLines() throws Exception {
    Path project = Files.createDirectories(temp.resolve("project"));
    Path archive = project.resolve("evil.tar");
    Files.write(
        archive,
        new TestTar()
            .file(EVIL, brokenElf())
            .file(ANSI, "big".repeat(10_000))
            .file("opt/app/ok", "fine")
            .bytes());
    // A budget the image breaks: the failure lists the biggest files by name.
    ChecksSpec checks =
        new ChecksSpec(
            new BudgetSpec(
                1000L,
                null,
                null,
                null,
                new BudgetSpec.Paths(
                    "<budget>/<maxSize>",
                    "<budget>/<maxCompressedSize>",
                    "<budget>/<maxLayers>",
                    "<budget>/<maxWastedBytes>")),
            true,
            List.of());

    Console console = build(plan(project, archive, checks));

    assertNoForgedLine(console);
    String text = console.text.toString();
    assertTrue(text.contains("[WARNING] Not a readable ELF file: /opt/app/evil\\n" + FORGED), text);
    assertTrue(text.contains("  - <budget>/<maxSize>"), text);
    assertTrue(text.contains("file /opt/app/x\\x1b[2K\\r" + FORGED + "\\u202e"), text);

    // image.json is JSON: the names are there exactly, escaped by the JSON writer.
    Path imageJson = project.resolve("target/image/image.json");
    String json = Files.readString(imageJson, StandardCharsets.UTF_8);
    assertFalse(json.contains("\n" + FORGED), "a raw newline inside a JSON string");
    assertTrue(json.contains("evil\\n" + FORGED), json);
    List<String> problems = new ArrayList<>();
    for (JsonNode check : new ObjectMapper().readTree(json).path("checks")) {
      check.path("problems").forEach(problem -> problems.add(problem.asText()));
    }
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("/opt/app/x\u001b[2K\r" + FORGED)),
        problems.toString());

    // report.html is HTML: names are shown as the log shows them, invisible characters visibly.
    String html =
        Files.readString(project.resolve("target/image/report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("/opt/app/evil\\n" + FORGED), "the name, escaped as in the log");
    assertFalse(html.contains("evil\n"), "a raw newline in a name");
    assertFalse(html.contains("\u001b"), "a raw ESC in report.html");
    assertFalse(html.contains("\u202e"), "a raw bidi override in report.html");
  }

  @Test
  void M4_rejectedEntryWithCarriageReturn_errorStaysOneLine() throws Exception {
    Path project = Files.createDirectories(temp.resolve("project"));
    Path archive = project.resolve("climb.tar");
    Files.write(archive, new TestTar().file("../" + RETURN, "x").bytes());

    Console console = build(plan(project, archive, ChecksSpec.DEFAULT));

    assertNoForgedLine(console);
    String error = console.lines().stream().filter(l -> l.startsWith("[ERROR]")).findFirst().get();
    assertTrue(error.contains("entry ../opt/app/evil\\r" + FORGED + ": name climbs out"), error);
    assertEquals(1, console.lines().stream().filter(l -> l.contains(FORGED)).count());
  }
}
