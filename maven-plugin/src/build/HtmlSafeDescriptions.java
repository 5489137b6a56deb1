import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the descriptions of the plain-text plugin descriptor safe for readers that take them as
 * HTML. maven-plugin-plugin writes {@code META-INF/maven/plugin.xml} with plain-text descriptions
 * (the Javadoc's {@code {@code <path>}} becomes the text {@code <path>}), but {@code mvn
 * help:describe -Ddetail} (and IDEs) convert them from HTML, which drops every {@code <path>} as an
 * unknown tag: "each copies the tree at of stage". No Javadoc spelling reads whole in both the goal
 * pages (made from plugin-enhanced.xml, HTML) and this file, so this step escapes the text here:
 * each description's {@code &} becomes {@code &amp;}, so that its XML-decoded value is the
 * HTML-escaped text, which an HTML reader turns back into the plain text (with a {@code <br/>} per
 * line break, which HTML would fold). The help goal reads its
 * own plugin-help.xml, which stays plain.
 *
 * <p>Run by the plugin module in process-classes, after the descriptor goal: {@code java
 * HtmlSafeDescriptions.java target/classes/META-INF/maven/plugin.xml}. Idempotent: a marker comment
 * says a file is done, so an incremental build never escapes twice.
 */
public final class HtmlSafeDescriptions {
  static final String MARKER =
      "<!-- descriptions HTML-escaped for help:describe (src/build/HtmlSafeDescriptions.java) -->";
  private static final Pattern DESCRIPTION =
      Pattern.compile("(<description>)(.*?)(</description>)", Pattern.DOTALL);

  public static void main(String[] args) throws IOException {
    Path descriptor = Path.of(args[0]);
    String xml = Files.readString(descriptor, StandardCharsets.UTF_8);
    if (xml.contains(MARKER)) {
      return;
    }
    if (xml.contains("<![CDATA[")) {
      throw new IllegalStateException(descriptor + " has a CDATA section; escape it by hand");
    }
    int afterDeclaration = xml.startsWith("<?xml") ? xml.indexOf("?>") + 2 : 0;
    Matcher description = DESCRIPTION.matcher(xml);
    StringBuilder out = new StringBuilder();
    while (description.find()) {
      // A line break of the plain text (a list item, a paragraph) becomes <br/> for HTML readers.
      String escaped =
          description.group(2).replace("&", "&amp;").replaceAll("\n(?=[^\n])", "&lt;br/&gt;\n");
      description.appendReplacement(
          out, Matcher.quoteReplacement(description.group(1) + escaped + description.group(3)));
    }
    description.appendTail(out);
    out.insert(afterDeclaration, "\n" + MARKER);
    Files.writeString(descriptor, out, StandardCharsets.UTF_8);
  }
}
