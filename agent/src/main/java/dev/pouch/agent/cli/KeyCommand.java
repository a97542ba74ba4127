package dev.pouch.agent.cli;

import dev.pouch.agent.repository.KeyService;
import dev.pouch.agent.repository.Repository;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.storage.StorageBackend;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "key", description = "Manage the repository's passwords (key files).",
    subcommands = {KeyCommand.List.class, KeyCommand.Add.class, KeyCommand.Remove.class, KeyCommand.Passwd.class})
final class KeyCommand implements Callable<Integer> {

  private final Context ctx;

  KeyCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    throw new UsageException("give a key subcommand: list, add, remove or passwd");
  }

  /** Options shared by subcommands that create a key file. */
  static final class NewPassword {
    @Option(names = "--new-password-file", paramLabel = "FILE",
        description = "Read the new password from FILE (default: $POUCH_NEW_PASSWORD, or ask).")
    Path file;

    @Option(names = "--insecure-fast-kdf", hidden = true, description = "Tiny Argon2id parameters, for tests only.")
    boolean fastKdf;

    Argon2idParams kdf() {
      return fastKdf ? Argon2idParams.forTests() : Argon2idParams.defaults();
    }
  }

  @Command(name = "list", description = "List key files (the one in use is marked *).")
  static final class List implements Callable<Integer> {
    private final Context ctx;
    @Mixin RepositoryOptions repository;
    @Mixin OutputOptions output;

    List(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
      try (StorageBackend backend = repository.backend(ctx)) {
        java.util.List<KeyService.KeyEntry> keys = new KeyService(repository.open(ctx, backend)).list();
        if (output.json) {
          output.printJson(ctx, keys);
        } else {
          for (KeyService.KeyEntry k : keys) {
            ctx.out().printf("%s %s  %s  %s%n", k.current() ? "*" : " ", k.id().substring(0, 8), k.created(),
                k.label());
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "add", description = "Add a password.")
  static final class Add implements Callable<Integer> {
    private final Context ctx;
    @Mixin RepositoryOptions repository;
    @Mixin NewPassword newPassword;

    @Option(names = "--label", description = "A label for the new key (default: user@host).")
    String label;

    Add(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
      try (StorageBackend backend = repository.backend(ctx)) {
        Repository repo = repository.open(ctx, backend);
        char[] fresh = Passwords.fresh(ctx, newPassword.file, "POUCH_NEW_PASSWORD", "--new-password-file");
        String id = new KeyService(repo).add(fresh, label != null ? label : Hosts.user() + "@" + Hosts.name(),
            newPassword.kdf());
        ctx.out().println("added key " + id.substring(0, 8));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", description = "Remove a password (never the last one, nor the one in use).")
  static final class Remove implements Callable<Integer> {
    private final Context ctx;
    @Mixin RepositoryOptions repository;

    @Parameters(index = "0", paramLabel = "KEY-ID", description = "Key id or unique prefix from 'key list'.")
    String id;

    Remove(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
      try (StorageBackend backend = repository.backend(ctx)) {
        String removed = new KeyService(repository.open(ctx, backend)).remove(id);
        ctx.out().println("removed key " + removed.substring(0, 8));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "passwd", description = "Change the password in use.")
  static final class Passwd implements Callable<Integer> {
    private final Context ctx;
    @Mixin RepositoryOptions repository;
    @Mixin NewPassword newPassword;

    Passwd(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
      try (StorageBackend backend = repository.backend(ctx)) {
        Repository repo = repository.open(ctx, backend);
        char[] fresh = Passwords.fresh(ctx, newPassword.file, "POUCH_NEW_PASSWORD", "--new-password-file");
        String id = new KeyService(repo).changePassword(fresh, newPassword.kdf());
        ctx.out().println("password changed (new key " + id.substring(0, 8) + ")");
      }
      return ExitCodes.OK;
    }
  }
}
