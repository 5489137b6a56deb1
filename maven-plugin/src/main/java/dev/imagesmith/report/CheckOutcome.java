package dev.imagesmith.report;

import java.util.List;

/**
 * The result of one check of the finished image, as image.json records it.
 *
 * @param check {@code "budget"} or {@code "libraries"}
 * @param problems one line per broken limit or missing library, empty when it passed
 */
public record CheckOutcome(String check, boolean passed, List<String> problems) {
  public CheckOutcome {
    problems = List.copyOf(problems);
  }
}
