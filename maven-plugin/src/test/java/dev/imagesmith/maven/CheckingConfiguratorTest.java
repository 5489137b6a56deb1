package dev.imagesmith.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import org.codehaus.plexus.classworlds.ClassWorld;
import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;
import org.codehaus.plexus.component.configurator.ComponentConfigurationException;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

/**
 * A misspelled element gets a message in the plugin's terms instead of Maven's "Cannot find 'rnu'
 * in class dev.imagesmith.maven.Steps". Runs Maven's own configurator behind the check, as {@code
 * image:build} does (the harness tests bypass it: they always use the basic configurator; the IT
 * {@code fail-unknown-step} runs the real wiring).
 */
class CheckingConfiguratorTest {
  private static PlexusConfiguration xml(String text) throws Exception {
    return new XmlPlexusConfiguration(Xpp3DomBuilder.build(new StringReader(text)));
  }

  private static String failure(Object component, String configuration) throws Exception {
    CheckingConfigurator configurator = new CheckingConfigurator(new BasicComponentConfigurator());
    ClassWorld world = new ClassWorld("test", CheckingConfiguratorTest.class.getClassLoader());
    return assertThrows(
            ComponentConfigurationException.class,
            () ->
                configurator.configureComponent(
                    component, xml(configuration), world.getRealm("test")))
        .getMessage();
  }

  @Test
  void misspelledStep_isNamedByItsPathWithTheStepKinds() throws Exception {
    String message =
        failure(
            new BuildMojo(null, null),
            "<configuration><stages>"
                + "<stage><name>runtime</name><steps><copy/></steps></stage>"
                + "<stage><name>builder</name><steps><copy/><rnu><command>make</command></rnu>"
                + "</steps></stage></stages></configuration>");
    assertEquals(
        "<stages>/<stage>[2] (builder)/<steps>/<rnu> is not a step (did you mean <run>?): the step"
            + " kinds are <copy>, <extract>, <download>, <run> and <debian>, for example"
            + " <run><command>make install</command></run>",
        message);
  }

  @Test
  void unknownStepFarFromAnyKind_getsNoGuess() throws Exception {
    String message =
        failure(
            new BuildMojo(null, null),
            "<configuration><stages><stage><steps><shell/></steps></stage></stages>"
                + "</configuration>");
    assertEquals(
        "<stages>/<stage>[1]/<steps>/<shell> is not a step: the step kinds are <copy>,"
            + " <extract>, <download>, <run> and <debian>, for example"
            + " <run><command>make install</command></run>",
        message);
  }

  @Test
  void otherUnknownElementOfOurs_listsWhatItsParentTakes() throws Exception {
    String message =
        failure(new Layer(), "<layer><stag>builder</stag><path>/install</path></layer>");
    assertEquals(
        "<stag> is not an element of <layer> (did you mean <stage>?): it takes <owner>, <path>,"
            + " <stage>",
        message);
  }

  @Test
  void knownSteps_configureAsMavenWould() throws Exception {
    Steps steps = new Steps();
    new CheckingConfigurator(new BasicComponentConfigurator())
        .configureComponent(
            steps,
            xml("<steps><run><command>true</command></run><copy/></steps>"),
            new ClassWorld("test", getClass().getClassLoader()).getRealm("test"));
    assertEquals(2, steps.inOrder().size());
  }
}
