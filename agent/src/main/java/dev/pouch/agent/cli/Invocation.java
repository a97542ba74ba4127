package dev.pouch.agent.cli;

import dev.pouch.agent.audit.Actor;
import dev.pouch.agent.lock.LockService;
import dev.pouch.agent.repository.Repository;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Who runs this command and how it was typed, for locks and audit records. The command line is safe to record:
 * passwords never appear on it (only password file names).
 */
final class Invocation {

  private Invocation() {}

  static Actor actor() {
    return new Actor(Hosts.user(), Hosts.name(), ProcessHandle.current().pid());
  }

  static LockService locks(Repository repository) {
    return new LockService(repository, Hosts.name(), ProcessHandle.current().pid());
  }

  /** {@code pouch prune --dry-run ...}: the command path and the arguments as given. */
  static String commandLine(CommandSpec spec) {
    StringBuilder path = new StringBuilder(spec.qualifiedName());
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      path.append(' ').append(arg);
    }
    return path.toString();
  }
}
