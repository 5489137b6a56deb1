package dev.imagesmith.testkit;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For tests of what a rebuild does when it runs (kept stages, reused layers and documents, what
 * links planted in the work directory meet, the caches' debug lines): turns off the shortcut of a
 * rebuild that would make the same outputs again ({@code pipeline.UpToDate}) through its test-only
 * property, for each test of a class ({@code @ExtendWith}) or around one build ({@link #during}).
 */
public final class EveryBuildRuns implements BeforeEachCallback, AfterEachCallback {
  private static final String PROPERTY = "imagesmith.upToDate";

  @Override
  public void beforeEach(ExtensionContext context) {
    System.setProperty(PROPERTY, "false");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.clearProperty(PROPERTY);
  }

  /** What {@code build} returns, run with the shortcut off. */
  public static <T> T during(Callable<T> build) throws Exception {
    System.setProperty(PROPERTY, "false");
    try {
      return build.call();
    } finally {
      System.clearProperty(PROPERTY);
    }
  }
}
