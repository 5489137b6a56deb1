package dev.imagesmith.stage;

import dev.imagesmith.plan.StepSpec;
import java.io.IOException;

/**
 * Carries out one kind of {@link StepSpec} on a stage's sandbox. Implementations are stateless
 * between calls (settings such as the download cache come through the constructor), so one instance
 * serves every stage of a build.
 *
 * @param <S> the step record this executor handles
 */
public interface StepExecutor<S extends StepSpec> {
  /** The step kind as the user writes it in the POM: {@code copy}, {@code run}, ... */
  String kind();

  /**
   * Runs {@code step}.
   *
   * @return what the reports should show of the step besides its time ({@link StepOutcome#NONE} for
   *     most kinds)
   * @throws dev.imagesmith.error.UserInputException when the configuration or the input is wrong
   * @throws IOException when the host fails (disk full, network down)
   */
  StepOutcome execute(S step, StepContext context) throws IOException;
}
