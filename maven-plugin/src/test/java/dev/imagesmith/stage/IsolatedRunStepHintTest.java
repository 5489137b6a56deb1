package dev.imagesmith.stage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagesmith.isolation.IsolatedCommand;
import dev.imagesmith.isolation.IsolatedResult;
import dev.imagesmith.isolation.Isolation;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What a failed step inside the stage adds to its message when only the isolation is to blame. */
class IsolatedRunStepHintTest {
  @Test
  void dpkgCannotSetAnOwner_withRootAlone_theMessageSaysHowToGetARange() {
    Isolation rootAlone =
        new Isolation() {
          @Override
          public String name() {
            return "bwrap";
          }

          @Override
          public String describe() {
            return "bwrap";
          }

          @Override
          public boolean holdsOwners() {
            return false;
          }

          @Override
          public boolean hostOwnersAreImageOwners() {
            return false;
          }

          @Override
          public IsolatedResult run(IsolatedCommand command, Consumer<String> output) {
            throw new UnsupportedOperationException();
          }
        };
    Deque<String> tail =
        new ArrayDeque<>(
            List.of(
                "dpkg: error processing archive /.imagesmith-debian/base-files_12.4_amd64.deb"
                    + " (--unpack):",
                " error setting ownership of './var/mail': Invalid argument"));

    String hint = IsolatedRunStep.hint(rootAlone, tail);

    assertTrue(hint.contains("Only root exists inside this stage (bwrap maps one id)"), hint);
    assertTrue(hint.contains("usermod --add-subuids"), hint);
  }
}
