package dev.imagesmith.plan;

import java.util.List;

/**
 * What a finished image must pass before the build succeeds.
 *
 * @param budget size, layer and waste limits
 * @param checkLibraries whether the shared-library check runs (on by default); it also checks the
 *     {@code #!} interpreters of the added layers' scripts
 * @param ignoreMissingLibraries patterns of missing libraries that pass: a library name glob
 *     ({@code libcuda.so.*}) or, with a {@code /}, a glob over the path of the file needing it
 * @param checkEntrypoint whether the entrypoint check runs (on by default)
 * @param ignoreMissingInterpreters patterns of missing script interpreters that pass: a name glob
 *     ({@code perl}) or, with a {@code /}, a glob over the path of the script
 */
public record ChecksSpec(
    BudgetSpec budget,
    boolean checkLibraries,
    List<String> ignoreMissingLibraries,
    boolean checkEntrypoint,
    List<String> ignoreMissingInterpreters) {
  /** No budget; the library and entrypoint checks on with nothing ignored. */
  public static final ChecksSpec DEFAULT =
      new ChecksSpec(BudgetSpec.NONE, true, List.of(), true, List.of());

  public ChecksSpec {
    budget = budget == null ? BudgetSpec.NONE : budget;
    ignoreMissingLibraries = List.copyOf(ignoreMissingLibraries);
    ignoreMissingInterpreters = List.copyOf(ignoreMissingInterpreters);
  }

  /** The library check as given, the entrypoint check on, no interpreter ignored. */
  public ChecksSpec(
      BudgetSpec budget, boolean checkLibraries, List<String> ignoreMissingLibraries) {
    this(budget, checkLibraries, ignoreMissingLibraries, true, List.of());
  }
}
