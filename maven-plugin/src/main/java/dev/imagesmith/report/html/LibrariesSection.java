package dev.imagesmith.report.html;

import dev.imagesmith.libcheck.LibraryCheckResult;
import dev.imagesmith.libcheck.MissingLibrary;
import dev.imagesmith.plan.ConfigPaths;

/** The shared-library check: how many files it read, and each library it did not find. */
final class LibrariesSection {
  private LibrariesSection() {}

  static void write(ReportData data, HtmlWriter out) {
    LibraryCheckResult libraries = data.libraries();
    out.open("section").line().element("h2", "Shared libraries").line();
    if (libraries == null) {
      out.open("p")
          .text("The check is off (")
          .element("code", ConfigPaths.POM.checkLibraries() + "false")
          .text(").")
          .close("p")
          .line()
          .close("section")
          .line();
      return;
    }
    out.element(
            "p",
            libraries.checkedFiles()
                + " ELF executables and libraries in the added layers checked.")
        .line();
    if (!libraries.missing().isEmpty() || !libraries.ignored().isEmpty()) {
      out.open("table").line().headerRow("File", "Needs", "Result").open("tbody").line();
      for (MissingLibrary missing : libraries.missing()) {
        row(out, missing, "missing", "fail");
      }
      for (MissingLibrary ignored : libraries.ignored()) {
        row(
            out,
            ignored,
            ignored.kind() == MissingLibrary.Kind.SCRIPT_INTERPRETER
                ? "missing, ignored by " + ConfigPaths.POM.ignoreMissingInterpreters()
                : "missing, ignored by " + ConfigPaths.POM.ignoreMissingLibraries(),
            "");
      }
      out.close("tbody").line().close("table").line();
    }
    for (String unreadable : libraries.unreadable()) {
      out.open("p")
          .text("Not an ELF file the loader could read: ")
          .open("code")
          .name(unreadable)
          .close("code")
          .close("p")
          .line();
    }
    out.close("section").line();
  }

  private static void row(HtmlWriter out, MissingLibrary missing, String result, String rowClass) {
    out.openClass("tr", rowClass).nameCell(missing.file());
    out.open("td").open("code").name(missing.library()).close("code");
    out.text(missing.interpreter() ? " (interpreter)" : "").close("td");
    out.open("td").text(result);
    if (missing.suggestion() != null) {
      out.open("br").name(missing.suggestion());
    }
    if (!missing.searched().isEmpty()) {
      out.open("br")
          .open("small")
          .text("searched ")
          .name(String.join(":", missing.searched()))
          .close("small");
    }
    out.close("td").close("tr").line();
  }
}
