package dev.imagesmith.isolation;

import dev.imagesmith.error.UserInputException;

/**
 * The host refused to set up the isolation (namespaces forbidden, a tool missing, ptrace denied):
 * not the command's failure. A user input error all the same: the message says what the host
 * refused and the ways out (enable user namespaces, install bubblewrap or proot, or run the stage's
 * steps on the host), and Maven prints it without a stack trace.
 */
public class IsolationRefusedException extends UserInputException {
  public IsolationRefusedException(String message) {
    super(message);
  }
}
