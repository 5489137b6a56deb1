package dev.imagesmith.debian;

import java.util.List;

/**
 * What the resolver chose.
 *
 * @param packages the packages to install, sorted by name
 * @param alreadyInstalled requested or needed names that the stage's dpkg status already has
 * @param skippedEssential dependencies on Essential packages that were not followed
 */
public record Resolution(
    List<BinaryPackage> packages, List<String> alreadyInstalled, List<String> skippedEssential) {
  public Resolution {
    packages = List.copyOf(packages);
    alreadyInstalled = List.copyOf(alreadyInstalled);
    skippedEssential = List.copyOf(skippedEssential);
  }
}
