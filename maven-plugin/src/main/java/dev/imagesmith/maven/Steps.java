package dev.imagesmith.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <steps>} of a stage: different step kinds in the user's order. Maven's configurator
 * calls the {@code addXxx} method named after each child element ({@code <copy>} calls {@link
 * #addCopy}), in document order, so one list keeps the order the user wrote.
 */
public final class Steps {
  private final List<StepConfig> steps = new ArrayList<>();

  public void addCopy(Copy copy) {
    steps.add(copy == null ? new Copy() : copy);
  }

  public void addExtract(Extract extract) {
    steps.add(extract == null ? new Extract() : extract);
  }

  public void addDownload(Download download) {
    steps.add(download == null ? new Download() : download);
  }

  public void addRun(Run run) {
    steps.add(run == null ? new Run() : run);
  }

  public void addDebian(Debian debian) {
    steps.add(debian == null ? new Debian() : debian);
  }

  /** The steps in document order. */
  List<StepConfig> inOrder() {
    return List.copyOf(steps);
  }
}
