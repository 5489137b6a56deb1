package dev.imagesmith.maven;

import dev.imagesmith.plan.ContainerSpec;
import dev.imagesmith.plan.ProjectArtifacts;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The default entrypoint of a Java application: {@code java <jvmFlags> -cp
 * /app/resources:/app/classes:/app/libs/* <mainClass>}, used when {@code <container>} has a {@code
 * <mainClass>} (or the packaged jar a {@code Main-Class}) and no {@code <entrypoint>}. The JVM
 * expands {@code libs/*} itself; no shell is involved. A Spring Boot jar's is {@code java
 * <jvmFlags> -cp /app <Main-Class>}: Boot's launcher, which finds the exploded jar there.
 */
final class JavaEntrypoint {
  private static final String WHERE = XmlPath.root("container");
  private static final Pattern BINARY_NAME =
      Pattern.compile(
          "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
              + "(?:\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  private JavaEntrypoint() {}

  /**
   * The spec with the default Java entrypoint applied where it applies, else unchanged.
   *
   * @param container may be {@code null} when the element is absent
   * @param jarMainClass the packaged jar's {@code Main-Class}, {@code null} if none
   * @param war whether the project stage is an exploded WAR, which the base's servlet container
   *     runs: then there is no Java entrypoint to make
   * @param classPath the entrypoint's {@code -cp}: {@link ProjectArtifacts#classPath()}
   */
  static ContainerSpec apply(
      ContainerSpec spec,
      Container container,
      String jarMainClass,
      boolean war,
      String classPath,
      Problems problems) {
    String configured = container == null ? null : container.mainClass();
    List<String> flags = container == null ? List.of() : container.jvmFlags();
    String mainClass = configured != null ? configured : jarMainClass;
    if (spec == null) {
      return null;
    }
    if (war) {
      if (configured != null || !flags.isEmpty()) {
        problems.add(
            XmlPath.child(WHERE, configured != null ? "mainClass" : "jvmFlags")
                + " make a java entrypoint, but <projectMode> is war: the base image's servlet"
                + " container runs the application. Remove it; JVM options go into"
                + " <environment><JAVA_TOOL_OPTIONS>-Xmx256m</JAVA_TOOL_OPTIONS></environment>,"
                + " which every JVM reads");
      }
      return spec;
    }
    if (spec.entrypoint() != null) {
      if (!flags.isEmpty()) {
        problems.add(
            XmlPath.child(WHERE, "jvmFlags")
                + " apply only to the default Java entrypoint, but <entrypoint> is set: put the"
                + " flags into <entrypoint>, or remove <entrypoint> and set <mainClass>");
      }
      return spec;
    }
    if (mainClass == null) {
      if (!flags.isEmpty()) {
        problems.add(
            XmlPath.child(WHERE, "jvmFlags")
                + " need a class to run: set <mainClass>, for example"
                + " <mainClass>com.example.Main</mainClass>");
      }
      return spec;
    }
    if (!BINARY_NAME.matcher(mainClass).matches()) {
      problems.add(
          (configured != null
                  ? XmlPath.child(WHERE, "mainClass")
                  : "The Main-Class of the project's jar")
              + " '"
              + mainClass
              + "' is not a Java class name: write the fully qualified name, for example"
              + " <mainClass>com.example.Main</mainClass>");
      return spec;
    }
    List<String> entrypoint = new ArrayList<>();
    entrypoint.add("java");
    entrypoint.addAll(flags);
    entrypoint.add("-cp");
    entrypoint.add(classPath);
    entrypoint.add(mainClass);
    return spec.withEntrypoint(List.copyOf(entrypoint));
  }
}
