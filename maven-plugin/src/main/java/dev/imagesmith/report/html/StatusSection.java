package dev.imagesmith.report.html;

import dev.imagesmith.libcheck.MissingLibrary;
import dev.imagesmith.report.BudgetViolation;

/** The verdict, first on the page: passed (and what was checked) or every reason it failed. */
final class StatusSection {
  private StatusSection() {}

  static void write(ReportData data, HtmlWriter out) {
    if (data.passed()) {
      out.openClass("section", "status ok")
          .element("strong", "Checks passed.")
          .text(" " + budgetSentence(data) + " " + librarySentence(data))
          .close("section")
          .line();
      return;
    }
    out.openClass("section", "status fail")
        .element("strong", "The image failed its checks; the build fails.")
        .line()
        .open("ul")
        .line();
    for (BudgetViolation violation : data.violations()) {
      out.open("li").name(violation.describe()).close("li").line();
    }
    if (data.libraries() != null) {
      for (MissingLibrary missing : data.libraries().missing()) {
        if (missing.kind() == MissingLibrary.Kind.SCRIPT_INTERPRETER) {
          out.open("li").name(missing.detail()).close("li").line();
          continue;
        }
        out.open("li")
            .name(missing.file())
            .text(missing.interpreter() ? " needs the interpreter " : " needs ")
            .name(missing.library())
            .text(", which is not in the image")
            .close("li")
            .line();
      }
    }
    if (data.entrypoint() != null && !data.entrypoint().passed()) {
      out.open("li").name(data.entrypoint().problem()).close("li").line();
    }
    out.close("ul").line().close("section").line();
  }

  private static String budgetSentence(ReportData data) {
    return data.budget() == null || data.budget().isEmpty()
        ? "No budget is set."
        : "The image is within its budget.";
  }

  private static String librarySentence(ReportData data) {
    if (data.libraries() == null) {
      return "The shared-library check is off.";
    }
    return "All "
        + data.libraries().checkedFiles()
        + " ELF files of the added layers find their libraries.";
  }
}
