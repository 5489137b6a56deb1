package dev.imagesmith.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The package table is a test: each package of the engine uses only what its {@code
 * package-info.java} allows ({@link PackageTable}), no two top-level packages need each other,
 * Maven stays in {@code maven} and Jib in {@code registry}. Checked on the compiled classes, so a
 * fully qualified name, a field type or a method signature counts as much as an import.
 */
class PackageRulesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/imagesmith");
  private static final Path CLASSES = Path.of("target/classes");

  private static JavaClasses classes;
  private static PackageTable table;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().importPath(CLASSES);
    table = PackageTable.read(SOURCES);
  }

  @Test
  void everyPackageWithClasses_statesItsRule() {
    Set<String> packages = new TreeSet<>();
    classes.forEach(c -> packages.add(c.getPackageName()));
    packages.removeAll(table.rules().keySet());
    assertEquals(Set.of(), packages, "packages without a 'May import' sentence in package-info");
  }

  @TestFactory
  Stream<DynamicTest> eachPackage_importsOnlyWhatItsPackageInfoAllows() {
    return table.rules().entrySet().stream()
        .map(
            entry ->
                DynamicTest.dynamicTest(
                    entry.getKey().substring(PackageTable.ROOT.length() + 1),
                    () -> {
                      String pkg = entry.getKey();
                      PackageTable.Rule rule = entry.getValue();
                      noClasses()
                          .that()
                          .resideInAPackage(pkg)
                          .should()
                          .dependOnClassesThat(notAllowedBy(pkg, rule))
                          .because("its package-info says: \"" + rule.sentence() + "\"")
                          .check(classes);
                    }));
  }

  private static DescribedPredicate<JavaClass> notAllowedBy(String pkg, PackageTable.Rule rule) {
    return DescribedPredicate.describe(
        "classes of ours it does not name",
        target ->
            target.getPackageName().startsWith(PackageTable.ROOT + ".")
                && !rule.allows(pkg, target.getPackageName(), target.getName()));
  }

  @Test
  void topLevelPackages_haveNoCycles() {
    slices().matching("dev.imagesmith.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void onlyPackageMaven_usesMaven() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.imagesmith.maven..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.maven..", "org.codehaus.plexus..")
        .because("the engine does not import Maven (DESIGN.md)")
        .check(classes);
  }

  @Test
  void onlyPackageRegistry_usesJib() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.imagesmith.registry..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.google.cloud.tools.jib..")
        .because("Jib Core stays behind the registry package (DESIGN.md)")
        .check(classes);
  }

  /**
   * The checks see what they check: the table has every package, and the users of Maven and Jib.
   */
  @Test
  void checksSeeTheTree() {
    assertTrue(table.rules().size() >= 20, table.rules().keySet().toString());
    assertTrue(
        classes.contain("dev.imagesmith.registry.DockerConfigCredentials")
            && classes
                .get("dev.imagesmith.registry.DockerConfigCredentials")
                .getDirectDependenciesFromSelf()
                .stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("com.google.cloud")));
    assertTrue(
        classes.stream()
            .filter(c -> c.getPackageName().equals("dev.imagesmith.maven"))
            .anyMatch(
                c ->
                    c.getDirectDependenciesFromSelf().stream()
                        .anyMatch(
                            d ->
                                d.getTargetClass()
                                    .getPackageName()
                                    .startsWith("org.apache.maven"))));
  }
}
