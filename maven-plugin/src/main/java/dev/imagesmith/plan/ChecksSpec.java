package dev.imagesmith.plan;

import java.util.List;

/**
 * What a finished image must pass before the build succeeds.
 *
 * @param budget size, layer and waste limits
 * @param checkLibraries whether the shared-library check runs (on by default)
 * @param ignoreMissingLibraries patterns of missing libraries that pass: a library name glob
 *     ({@code libcuda.so.*}) or, with a {@code /}, a glob over the path of the file needing it
 */
public record ChecksSpec(
    BudgetSpec budget, boolean checkLibraries, List<String> ignoreMissingLibraries) {
  /** No budget; the library check on with nothing ignored. */
  public static final ChecksSpec DEFAULT = new ChecksSpec(BudgetSpec.NONE, true, List.of());

  public ChecksSpec {
    budget = budget == null ? BudgetSpec.NONE : budget;
    ignoreMissingLibraries = List.copyOf(ignoreMissingLibraries);
  }
}
