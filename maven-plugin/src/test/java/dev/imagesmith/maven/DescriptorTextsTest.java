package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.tools.plugin.generator.HtmlToPlainTextConverter;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The parameter docs read whole where users read them: {@code mvn help:describe -Ddetail} (which
 * runs plugin.xml's descriptions through maven-plugin-tools' {@link HtmlToPlainTextConverter}, the
 * class used here), {@code mvn image:help -Ddetail} (plugin-help.xml, printed as it is) and the
 * goal pages (plugin-enhanced.xml, HTML). Reads the descriptors this module's build just made
 * ({@code process-classes} runs before the tests).
 */
class DescriptorTextsTest {
  private static final Path TARGET =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target");
  private static final Path PLUGIN_XML = TARGET.resolve("classes/META-INF/maven/plugin.xml");
  private static final Path HELP_XML =
      TARGET.resolve("classes/META-INF/maven/dev.imagesmith/image-maven-plugin/plugin-help.xml");
  private static final Path ENHANCED_XML = TARGET.resolve("plugin-enhanced.xml");

  @Test
  void helpDescribe_readsEveryDescriptionAsImageHelpPrintsIt() throws Exception {
    Map<String, String> described = descriptions(PLUGIN_XML);
    Map<String, String> help = descriptions(HELP_XML);
    assertTrue(described.size() > 30, "parameters found: " + described.keySet());
    List<String> lost = new ArrayList<>();
    HtmlToPlainTextConverter converter = new HtmlToPlainTextConverter();
    for (Map.Entry<String, String> entry : help.entrySet()) {
      String shown = normalise(converter.convert(described.get(entry.getKey())));
      if (!shown.equals(normalise(entry.getValue()))) {
        lost.add(
            entry.getKey()
                + "\n  help:describe: "
                + shown
                + "\n  image:help:    "
                + entry.getValue());
      }
    }
    assertEquals(List.of(), lost, String.join("\n", lost));
  }

  @Test
  void helpDescribe_keepsElementNames() throws Exception {
    HtmlToPlainTextConverter converter = new HtmlToPlainTextConverter();
    Map<String, String> described = descriptions(PLUGIN_XML);
    String layers = normalise(converter.convert(described.get("build/layers")));
    assertTrue(layers.contains("the tree at <path> of stage <stage> to the same path"), layers);
    assertFalse(layers.contains(" at of "), layers);
    String container = normalise(converter.convert(described.get("build/container")));
    for (String element :
        List.of(
            "<entrypoint>",
            "<cmd>",
            "<user>",
            "<exposedPorts>",
            "<volumes>",
            "<stopSignal>",
            "<healthcheck>",
            "<mainClass>",
            "<jvmFlags>")) {
      assertTrue(container.contains(element), element + " in " + container);
    }
    String auth = normalise(converter.convert(described.get("build/auth")));
    assertTrue(
        auth.contains(
            "<auth> <username>${env.REGISTRY_USER}</username>"
                + " <passwordEnv>REGISTRY_TOKEN</passwordEnv>"),
        auth);
  }

  @Test
  void goalPages_showTheAuthExampleWhole() throws Exception {
    String html = descriptions(ENHANCED_XML).get("build/auth");
    String example = Jsoup.parse(html).select("pre").text();
    assertEquals(
        "<auth> <username>${env.REGISTRY_USER}</username>"
            + " <passwordEnv>REGISTRY_TOKEN</passwordEnv>"
            + " <registry>registry.example.org</registry> </auth>",
        normalise(example));
    assertTrue(
        Jsoup.parse(html).text().contains("<password>${env.REGISTRY_TOKEN}</password> shows up"),
        html);
  }

  @Test
  void imageHelp_isAGoal() throws Exception {
    assertTrue(descriptions(PLUGIN_XML).containsKey("help/detail"));
  }

  /** {@code goal/parameter} to its description, for every documented parameter. */
  private static Map<String, String> descriptions(Path descriptor) throws Exception {
    assertTrue(Files.isRegularFile(descriptor), descriptor + " (run the build's process-classes)");
    Document document;
    try (InputStream in = Files.newInputStream(descriptor)) {
      document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    Map<String, String> descriptions = new LinkedHashMap<>();
    NodeList mojos = document.getElementsByTagName("mojo");
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = child(mojo, "goal");
      NodeList parameters = mojo.getElementsByTagName("parameter");
      for (int j = 0; j < parameters.getLength(); j++) {
        Element parameter = (Element) parameters.item(j);
        String description = child(parameter, "description");
        if (description != null && !description.isBlank()) {
          descriptions.put(goal + "/" + child(parameter, "name"), description);
        }
      }
    }
    return descriptions;
  }

  private static String child(Element element, String name) {
    for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element child && child.getTagName().equals(name)) {
        return child.getTextContent();
      }
    }
    return null;
  }

  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }
}
