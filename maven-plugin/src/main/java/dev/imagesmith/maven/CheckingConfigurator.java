package dev.imagesmith.maven;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.plexus.classworlds.realm.ClassRealm;
import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;
import org.codehaus.plexus.component.configurator.ComponentConfigurationException;
import org.codehaus.plexus.component.configurator.ComponentConfigurator;
import org.codehaus.plexus.component.configurator.ConfigurationListener;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluator;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The configurator of {@code image:build} (named {@code imagesmith} in {@code
 * META-INF/plexus/components.xml}): Maven's own ({@code basic}), after a check that gives a
 * misspelled element a message in this plugin's terms. Maven alone says "Cannot find 'rnu' in class
 * dev.imagesmith.maven.Steps"; here an unknown child of {@code <steps>} is named by its XML path
 * with the step kinds listed, and any other unknown element of ours gets the elements its parent
 * takes.
 */
public final class CheckingConfigurator implements ComponentConfigurator {
  /** The children of {@code <steps>}, each an {@code addXxx} method of {@link Steps}. */
  static final List<String> STEP_KINDS = List.of("copy", "extract", "download", "run", "debian");

  private static final Pattern CANNOT_FIND =
      Pattern.compile("Cannot find '([^']+)' in class (dev\\.imagesmith\\.maven\\.[A-Za-z]+)");

  /** Maven's configurator; set by the container from the requirement in components.xml. */
  private ComponentConfigurator basic;

  public CheckingConfigurator() {}

  /** For tests: checks, then configures with {@code basic}. */
  CheckingConfigurator(ComponentConfigurator basic) {
    this.basic = basic;
  }

  @Override
  public void configureComponent(
      Object component, PlexusConfiguration configuration, ClassRealm realm)
      throws ComponentConfigurationException {
    check(configuration);
    translated(() -> delegate().configureComponent(component, configuration, realm));
  }

  @Override
  public void configureComponent(
      Object component,
      PlexusConfiguration configuration,
      ExpressionEvaluator evaluator,
      ClassRealm realm)
      throws ComponentConfigurationException {
    check(configuration);
    translated(() -> delegate().configureComponent(component, configuration, evaluator, realm));
  }

  @Override
  public void configureComponent(
      Object component,
      PlexusConfiguration configuration,
      ExpressionEvaluator evaluator,
      ClassRealm realm,
      ConfigurationListener listener)
      throws ComponentConfigurationException {
    check(configuration);
    translated(
        () -> delegate().configureComponent(component, configuration, evaluator, realm, listener));
  }

  private ComponentConfigurator delegate() {
    return basic != null ? basic : new BasicComponentConfigurator();
  }

  /** Every child of each stage's {@code <steps>} must be a step kind. */
  static void check(PlexusConfiguration configuration) throws ComponentConfigurationException {
    PlexusConfiguration stages = configuration.getChild("stages", false);
    if (stages == null) {
      return;
    }
    PlexusConfiguration[] all = stages.getChildren();
    for (int i = 0; i < all.length; i++) {
      PlexusConfiguration steps = all[i].getChild("steps", false);
      if (steps == null) {
        continue;
      }
      PlexusConfiguration name = all[i].getChild("name", false);
      String stage =
          XmlPath.item(XmlPath.root("stages"), "stage", i)
              + (name == null || name.getValue() == null || name.getValue().isBlank()
                  ? ""
                  : " (" + name.getValue().strip() + ")");
      for (PlexusConfiguration step : steps.getChildren()) {
        if (!STEP_KINDS.contains(step.getName())) {
          throw new ComponentConfigurationException(
              step,
              XmlPath.child(XmlPath.child(stage, "steps"), step.getName())
                  + " is not a step"
                  + closest(step.getName(), STEP_KINDS)
                  + ": the step kinds are <copy>, <extract>, <download>, <run> and <debian>, for"
                  + " example <run><command>make install</command></run>");
        }
      }
    }
  }

  private interface Configuring {
    void run() throws ComponentConfigurationException;
  }

  /**
   * Maven's "Cannot find 'x' in class ...Layer" becomes the elements that {@code <layer>} takes.
   */
  private static void translated(Configuring configuring) throws ComponentConfigurationException {
    try {
      configuring.run();
    } catch (ComponentConfigurationException e) {
      Matcher unknown = CANNOT_FIND.matcher(String.valueOf(e.getMessage()));
      TreeSet<String> elements = unknown.find() ? elements(unknown.group(2)) : new TreeSet<>();
      if (elements.isEmpty()) {
        throw e;
      }
      String parent = unknown.group(2).substring(unknown.group(2).lastIndexOf('.') + 1);
      throw new ComponentConfigurationException(
          e.getFailedConfiguration(),
          "<"
              + unknown.group(1)
              + "> is not an element of <"
              + Character.toLowerCase(parent.charAt(0))
              + parent.substring(1)
              + ">"
              + closest(unknown.group(1), List.copyOf(elements))
              + ": it takes "
              + String.join(", ", elements.stream().map(x -> "<" + x + ">").toList()),
          e);
    }
  }

  /** The elements a configuration class of ours takes: its fields and its addXxx methods. */
  private static TreeSet<String> elements(String className) {
    TreeSet<String> names = new TreeSet<>();
    Class<?> type;
    try {
      type = Class.forName(className, false, CheckingConfigurator.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return names;
    }
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
        names.add(field.getName());
      }
    }
    for (Method method : type.getDeclaredMethods()) {
      String name = method.getName();
      if (name.startsWith("add") && name.length() > 3 && method.getParameterCount() == 1) {
        names.add(name.substring(3, 4).toLowerCase(Locale.ROOT) + name.substring(4));
      }
    }
    return names;
  }

  /** ", did you mean <run>?" for a name at most two edits from a known one, else nothing. */
  static String closest(String given, List<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean <" + best + ">?)";
  }

  /** Levenshtein distance with transpositions counted as one edit. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
