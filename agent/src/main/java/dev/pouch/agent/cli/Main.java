package dev.pouch.agent.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The pouch command line. {@link #main} is the only place that exits the JVM; {@link #run} is what tests call.
 */
@Command(name = "pouch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    // inherited by every subcommand, so 'pouch <command> --help' (which usage errors point to) works at any depth
    scope = CommandLine.ScopeType.INHERIT,
    description = "Backup agent for Wombat data directories: encrypted, deduplicated, verified.",
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error, 3 integrity problem,",
        "            4 wrong password, 5 repository missing or locked.",
        "Passwords come from $POUCH_PASSWORD or --password-file, never from the command line."})
public final class Main implements Runnable {

  /** Every command, in the order 'pouch --help' lists them. */
  static final List<Class<?>> COMMANDS = List.of(InitCommand.class, BackupCommand.class, SnapshotsCommand.class,
      LsCommand.class, RestoreCommand.class, VerifyCommand.class, KeyCommand.class, DemoCommand.class,
      RunCommand.class, DrillCommand.class, CopyCommand.class, ForgetCommand.class, PruneCommand.class,
      StatusCommand.class, RepairCommand.class, AuditCommand.class, CommandLine.HelpCommand.class);

  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean verbose;

  @Override
  public void run() {
    throw new UsageException("give a command; 'pouch --help' lists them");
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Context ctx = new Context(out, err, System.getenv(), Clock.systemUTC(), new SecureRandom(),
        System.console() != null);
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(SignalStop.hook(Thread.currentThread(), finished));
    int code = run(ctx, args);
    finished.countDown();
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code. */
  public static int run(Context ctx, String... args) {
    CommandLine cli = commandLine(ctx, args);
    Main root = cli.getCommand();
    cli.setOut(ctx.out());
    cli.setErr(ctx.err());
    cli.setParameterExceptionHandler((e, a) -> {
      ctx.err().println("pouch: " + (e instanceof CommandLine.UnmatchedArgumentException u
          ? unmatched(u.getUnmatched()) : e.getMessage()));
      CommandLine.UnmatchedArgumentException.printSuggestions(e, ctx.err());
      ctx.err().println("hint: 'pouch " + commandPath(e.getCommandLine()) + "--help' shows the usage");
      return ExitCodes.USAGE;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(ctx, root, e));
    int code;
    try {
      code = cli.execute(args);
    } catch (Error e) {
      // picocli hands only Exceptions to the handler above; an Error (out of memory, a native library that would not
      // load) still ends in one line and exit 1 instead of a stack trace.
      code = report(ctx, root, e);
    }
    ctx.out().flush();
    ctx.err().flush();
    return code;
  }

  /** pouch's picocli model for {@code args}: the command they name, or all of them (see {@link #commandsFor}). */
  public static CommandLine commandLine(Context ctx, String... args) {
    Factory factory = new Factory(ctx);
    CommandLine cli = new CommandLine(new Main(), factory);
    for (Class<?> command : commandsFor(args)) {
      cli.addSubcommand(new CommandLine(command, factory));
    }
    return cli;
  }

  /**
   * The command that {@code args} name, or all of them (for help, suggestions and errors). Building picocli's model of
   * all sixteen commands took 0.5 s of every run (reflection over their options and mixins), ten times the JVM's own
   * start; a command line needs only its own. The root's options are flags, so the first other argument is the name.
   */
  static List<Class<?>> commandsFor(String... args) {
    for (String arg : args) {
      if (arg.startsWith("-")) {
        continue;
      }
      for (Class<?> command : COMMANDS) {
        if (command != CommandLine.HelpCommand.class && command.getAnnotation(Command.class).name().equals(arg)) {
          return List.of(command);
        }
      }
      break;
    }
    return COMMANDS;
  }

  /** One line, a hint when there is one, the stack trace with --verbose; returns the exit code. */
  private static int report(Context ctx, Main root, Throwable e) {
    ctx.err().println("pouch: " + message(e));
    String hint = ExitCodes.hint(e);
    if (hint != null) {
      ctx.err().println("hint: " + hint);
    }
    if (root.verbose) {
      e.printStackTrace(ctx.err());
    }
    return ExitCodes.of(e);
  }

  /**
   * The arguments nobody understood, without the value of an unknown option: '--password hunter2' is a likely
   * mistake, and the password must not reach the terminal's scrollback or a log.
   */
  static String unmatched(List<String> args) {
    List<String> shown = new ArrayList<>();
    boolean valueOfUnknownOption = false;
    for (String arg : args) {
      if (arg.startsWith("-")) {
        int eq = arg.indexOf('=');
        shown.add("'" + (eq > 0 ? arg.substring(0, eq + 1) + "<value not shown>" : arg) + "'");
        valueOfUnknownOption = eq < 0;
      } else {
        shown.add(valueOfUnknownOption ? "<value not shown>" : "'" + arg + "'");
        valueOfUnknownOption = false;
      }
    }
    return "unknown option or unexpected argument: " + String.join(", ", shown);
  }

  private static String commandPath(CommandLine cl) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }

  /** One line: the message of the error, or its type when it has none. */
  static String message(Throwable e) {
    if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
      return message(u.getCause()); // e.g. a storage listing that failed while paging; its message says it all
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory (" + (Runtime.getRuntime().maxMemory() >> 20) + " MiB heap): " + firstLine(e);
    }
    Throwable unpack = ExitCodes.unpackFailure(e);
    if (unpack != null) { // "Cannot unpack libzstd-jni-1.5.7-28: No such file or directory": keep the reason
      return "cannot unpack the zstd library into the temporary directory " + System.getProperty("java.io.tmpdir")
          + " (" + firstLine(unpack).replaceFirst("^.*?: ", "") + ")";
    }
    if (e instanceof java.nio.channels.ClosedByInterruptException) {
      return "interrupted"; // a file read when Ctrl-C or SIGTERM stopped the command; its type says nothing more
    }
    if (e instanceof Error) {
      return "internal error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + firstLine(e));
    }
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    if (e instanceof java.nio.file.NoSuchFileException) {
      m = "no such file or directory: " + m;
    } else if (e instanceof java.nio.file.AccessDeniedException) {
      m = "permission denied: " + m;
    }
    return m.lines().findFirst().orElse(m);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse(m);
  }

  /** Creates commands with the {@link Context} when they take one. */
  private record Factory(Context ctx) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      try {
        Constructor<K> c = cls.getDeclaredConstructor(Context.class);
        c.setAccessible(true);
        return c.newInstance(ctx);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(cls);
      }
    }
  }

  /** The version from the jar manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"pouch " + (v == null ? "development build" : v)};
    }
  }
}
