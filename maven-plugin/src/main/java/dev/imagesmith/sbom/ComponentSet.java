package dev.imagesmith.sbom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Property;

/**
 * The SBOM's components by {@code bom-ref}, each once: a package that two layers hold is one
 * component with both layers among its properties. Properties are kept sorted and unique, so that
 * the order in which the layers were visited never shows in the document.
 */
final class ComponentSet {
  private final Map<String, Component> components = new LinkedHashMap<>();
  private final Map<String, TreeMap<String, TreeSet<String>>> properties = new HashMap<>();

  /** The component {@code ref}, made by {@code make} the first time. */
  Component add(String ref, Supplier<Component> make) {
    return components.computeIfAbsent(
        ref,
        r -> {
          Component component = make.get();
          component.setBomRef(r);
          return component;
        });
  }

  boolean contains(String ref) {
    return components.containsKey(ref);
  }

  Component get(String ref) {
    return components.get(ref);
  }

  /** Adds {@code name=value} to the component's properties (once). */
  void property(String ref, String name, String value) {
    properties
        .computeIfAbsent(ref, r -> new TreeMap<>())
        .computeIfAbsent(name, n -> new TreeSet<>())
        .add(value);
  }

  /** Every component, in the order first added, with its properties. */
  List<Component> finish() {
    List<Component> result = new ArrayList<>();
    components.forEach(
        (ref, component) -> {
          TreeMap<String, TreeSet<String>> own = properties.get(ref);
          if (own != null) {
            List<Property> list = new ArrayList<>();
            own.forEach((name, values) -> values.forEach(v -> list.add(new Property(name, v))));
            component.setProperties(list);
          }
          result.add(component);
        });
    return result;
  }
}
