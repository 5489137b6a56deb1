package dev.imagesmith.maven;

import dev.imagesmith.plan.StepSpec;
import java.nio.file.Path;

/**
 * One child element of {@code <steps>}: it knows its element name and how to become a plan step.
 */
sealed interface StepConfig permits Copy, Extract, Download, Run, Debian {
  /** The XML element name, for example {@code copy}. */
  String element();

  /**
   * The validated plan step, or {@code null} after recording each mistake in {@code problems}.
   *
   * @param basedir the project directory that relative sources resolve against
   * @param where this element's XML path
   */
  StepSpec toSpec(Path basedir, String where, Problems problems);
}
