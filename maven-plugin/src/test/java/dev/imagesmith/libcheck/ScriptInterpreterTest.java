package dev.imagesmith.libcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.inspect.ImageInspection;
import dev.imagesmith.testkit.TestTar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every executable script of the added layers must find its {@code #!} interpreter in the image, as
 * the kernel looks for it: missing ones are reported like missing libraries, with the same ignore
 * mechanics ({@code <ignoreMissingInterpreters>}). Interpreters are the host's real programs.
 */
class ScriptInterpreterTest {
  private static final Path SH = Path.of("/bin/sh");
  private static final Path ENV = Path.of("/usr/bin/env");

  @TempDir Path dir;

  @BeforeAll
  static void hostPrograms() {
    Assumptions.assumeTrue(Files.isExecutable(SH) && Files.isExecutable(ENV), "needs sh and env");
  }

  /** A base with a shell, env and a non-executable text file named like an interpreter. */
  private static TestTar base() {
    return TestTar.tar()
        .dir("bin/")
        .program("bin/sh", SH)
        .dir("usr/")
        .dir("usr/bin/")
        .program("usr/bin/env", ENV)
        .file("usr/bin/python3", "not a program\n", 0100755)
        .file("usr/bin/tclsh", "#!/usr/bin/wish\n", 0100644);
  }

  private static TestTar scripts(String... nameAndLine) {
    TestTar layer = TestTar.tar().dir("app/");
    for (int i = 0; i < nameAndLine.length; i += 2) {
      layer.file("app/" + nameAndLine[i], nameAndLine[i + 1] + "\necho\n", 0100755);
    }
    return layer;
  }

  private LibraryCheckResult check(IgnorePatterns ignore, TestTar base, TestTar added)
      throws Exception {
    ImageInspection image = InspectedImages.inspect(dir, base, added);
    ImageEnvironment env = ImageEnvironment.defaults();
    return new LibraryCheck(
            image, env, IgnorePatterns.none(), ignore, Hints.imageOnly(image.tree(), env))
        .run();
  }

  private static List<String> described(LibraryCheckResult result) {
    return result.missing().stream().map(MissingLibrary::describe).toList();
  }

  @Test
  void interpretersThere_pass() throws Exception {
    LibraryCheckResult result =
        check(
            IgnorePatterns.none(),
            base(),
            scripts("a", "#!/bin/sh", "b", "#! /bin/sh -e", "c", "#!/usr/bin/env sh"));
    assertTrue(result.passed(), result.missing().toString());
    assertEquals(3, result.checkedScripts());
  }

  @Test
  void missingInterpreters_eachNamedWithTheScriptAndWhatIsWrong() throws Exception {
    TestTar added =
        scripts(
                "plot-bamstats", "#!/usr/bin/perl",
                "helper.pl", "#!/usr/bin/env perl",
                "warn.pl", "#!/usr/bin/env perl -w",
                "run.py", "#!/usr/bin/python3",
                "run.tcl", "#!/usr/bin/tclsh")
            .file("app/not-executable.pl", "#!/usr/bin/perl\n", 0100644);
    LibraryCheckResult result = check(IgnorePatterns.none(), base(), added);
    assertEquals(
        List.of(
            "/app/helper.pl starts with #!/usr/bin/env perl, and perl is not on the PATH"
                + " (/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)",
            "/app/plot-bamstats starts with #!/usr/bin/perl, and /usr/bin/perl is not in the"
                + " image",
            "/app/run.py starts with #!/usr/bin/python3, and /usr/bin/python3 is neither an ELF"
                + " program nor a script starting with #!",
            "/app/run.tcl starts with #!/usr/bin/tclsh, and /usr/bin/tclsh is not executable"
                + " (mode 0644, owner 0:0)",
            "/app/warn.pl starts with #!/usr/bin/env perl -w: env gets 'perl -w' as one program"
                + " name (Linux passes the rest of the #! line as one argument); write"
                + " #!/usr/bin/env -S perl -w"),
        described(result));
    assertEquals(5, result.checkedScripts(), "the file without an execute bit is not run");
    assertEquals(MissingLibrary.Kind.SCRIPT_INTERPRETER, result.missing().get(0).kind());
  }

  @Test
  void chainOfInterpretersAndDanglingLinks_followedInRoot() throws Exception {
    TestTar added =
        TestTar.tar()
            .dir("app/")
            .file("app/wrapper", "#!/app/launcher\n", 0100755)
            .file("app/launcher", "#!/opt/missing/bin/tool\n", 0100755)
            .symlink("app/bash", "/usr/local/bin/bash")
            .file("app/linked", "#!/app/bash\n", 0100755)
            .file("app/loop", "#!/app/loop\n", 0100755);
    LibraryCheckResult result = check(IgnorePatterns.none(), base(), added);
    assertEquals(
        List.of(
            "/app/launcher starts with #!/opt/missing/bin/tool, and /opt/missing/bin/tool is not"
                + " in the image",
            "/app/linked starts with #!/app/bash, and /app/bash is a symlink to"
                + " /usr/local/bin/bash, which is not in the image",
            "/app/loop starts with #!/app/loop, and /app/loop starts with #!/app/loop, and"
                + " /app/loop starts with #!/app/loop, and /app/loop starts with #!/app/loop, and"
                + " /app/loop is an interpreter script run by an interpreter script more than 4"
                + " deep (the kernel refuses that)",
            "/app/wrapper starts with #!/app/launcher, and /app/launcher starts with"
                + " #!/opt/missing/bin/tool, and /opt/missing/bin/tool is not in the image"),
        described(result));
  }

  @Test
  void ignorePatterns_byInterpreterNameOrScriptPath() throws Exception {
    TestTar added =
        scripts("plot-bamstats", "#!/usr/bin/perl", "helper.py", "#!/usr/bin/env python2");
    IgnorePatterns ignore =
        IgnorePatterns.parse(
            List.of("perl", "/app/*.py"),
            "<ignoreMissingInterpreters>",
            "<ignoreMissingInterpreter>",
            "perl");
    LibraryCheckResult result = check(ignore, base(), added);
    assertTrue(result.passed(), result.missing().toString());
    assertEquals(2, result.ignored().size());
  }

  @Test
  void missingPerl_namesThePackageThatShipsIt_onceForEveryScript() throws Exception {
    TestTar added = scripts("plot-bamstats", "#!/usr/bin/perl", "helper.pl", "#!/usr/bin/env perl");
    ImageInspection image = InspectedImages.inspect(dir, base(), added);
    ImageEnvironment env =
        ImageEnvironment.of(List.of("PATH=/install/bin:/usr/bin:/bin"), null, null);
    List<java.util.Set<String>> asked = new java.util.ArrayList<>();
    PackageLookup contents =
        names -> {
          asked.add(names);
          return new PackageLookup.Answer(
              java.util.Map.of(
                  "perl",
                  List.of(
                      new PackageLookup.Shipped("/usr/share/doc/x/perl", List.of("x-doc")),
                      new PackageLookup.Shipped("/usr/bin/perl", List.of("perl-base")))),
              "Debian bookworm main amd64",
              null);
        };
    Hints hints = new Hints(image.tree(), env, StageFiles.none(), contents);
    LibraryCheckResult result =
        new LibraryCheck(image, env, IgnorePatterns.none(), IgnorePatterns.none(), hints).run();
    assertEquals(List.of(java.util.Set.of("perl")), asked);
    String hint =
        "no stage has it; the package perl-base ships /usr/bin/perl (Debian bookworm main amd64):"
            + " install it with a <debian> step in a stage that a <layer> puts into the image";
    assertEquals(
        List.of(
            "/app/helper.pl starts with #!/usr/bin/env perl, and perl is not on the PATH"
                + " (/install/bin:/usr/bin:/bin); "
                + hint,
            "/app/plot-bamstats starts with #!/usr/bin/perl, and /usr/bin/perl is not in the"
                + " image; "
                + hint),
        described(result));
  }

  @Test
  void scriptsOfTheBase_areNotChecked() throws Exception {
    TestTar withScript = base().dir("opt/").file("opt/old.pl", "#!/usr/bin/perl\n", 0100755);
    LibraryCheckResult result = check(IgnorePatterns.none(), withScript, TestTar.tar().dir("x/"));
    assertTrue(result.passed());
    assertEquals(0, result.checkedScripts());
  }
}
