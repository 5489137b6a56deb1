package dev.imagesmith.maven;

import java.util.List;

/**
 * {@code <registryMirror>}: the mirrors of one registry, asked in order before it when a base image
 * is pulled, as containers' {@code registries.conf} has them: {@code
 * <registryMirror><registry>docker.io</registry><mirrors><mirror>mirror.gcr.io</mirror></mirrors></registryMirror>}.
 */
public final class RegistryMirror {
  private String registry;
  private List<String> mirrors;

  String registry() {
    return registry;
  }

  List<String> mirrors() {
    return mirrors == null ? List.of() : mirrors;
  }
}
