package dev.imagesmith.maven;

import dev.imagesmith.registry.RegistryMirrors;
import java.util.List;

/**
 * {@code <registryMirrors>} of the POM and {@code image.registryMirrors} of the command line or a
 * settings.xml profile, turned into {@link RegistryMirrors}. The property wins over the POM: a
 * company's settings.xml knows its mirrors, a project's POM does not.
 */
final class RegistryMirrorsConfig {
  static final String PROPERTY = "image.registryMirrors";

  private RegistryMirrorsConfig() {}

  /**
   * @param property the value of {@code image.registryMirrors}, or {@code null}
   */
  static RegistryMirrors of(List<RegistryMirror> elements, String property) {
    if (property != null && !property.isBlank()) {
      return RegistryMirrors.parse(property, "The property " + PROPERTY);
    }
    if (elements == null || elements.isEmpty()) {
      return RegistryMirrors.NONE;
    }
    RegistryMirrors.Builder builder = RegistryMirrors.builder();
    for (int i = 0; i < elements.size(); i++) {
      RegistryMirror element = elements.get(i);
      String where = XmlPath.root("registryMirrors") + "/<registryMirror>[" + (i + 1) + "]";
      if (element == null || element.registry() == null || element.registry().isBlank()) {
        throw new dev.imagesmith.error.UserInputException(
            where + " has no <registry>: name the registry it mirrors (docker.io, quay.io, ...)");
      }
      builder.add(
          element.registry(),
          where,
          element.mirrors(),
          index -> where + "/<mirrors>/<mirror>[" + (index + 1) + "]");
    }
    return builder.build();
  }
}
