package dev.pouch.agent.cli;

import dev.pouch.agent.audit.AuditLog;
import dev.pouch.agent.audit.AuditRecord;
import dev.pouch.agent.maintenance.KeyRotation;
import dev.pouch.agent.repository.KeyService;
import dev.pouch.agent.lock.LockMode;
import dev.pouch.agent.lock.RepositoryLock;
import dev.pouch.agent.repository.Repository;
import dev.pouch.agent.repository.RepositoryLayout;
import dev.pouch.crypto.Argon2idParams;
import dev.pouch.storage.StorageBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "key", description = "Manage the repository's passwords (key files).",
    subcommands = {KeyCommand.List.class, KeyCommand.Add.class, KeyCommand.Remove.class, KeyCommand.Passwd.class,
        KeyCommand.Rotate.class})
final class KeyCommand implements Callable<Integer> {

  private final Context ctx;

  KeyCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    throw new UsageException("give a key subcommand: list, add, remove, passwd or rotate");
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

  @Command(name = "remove", description = "Remove a password (never the last one, nor the one in use); audited.")
  static final class Remove implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
    @Mixin RepositoryOptions repository;

    @Parameters(index = "0", paramLabel = "KEY-ID", description = "Key id or unique prefix from 'key list'.")
    String id;

    Remove(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
      try (StorageBackend backend = repository.backend(ctx)) {
        Repository repo = repository.open(ctx, backend);
        String removed;
        // Exclusive: two removals at once each saw the other's key still there and left no key file at all.
        try (RepositoryLock lock = Invocation.locks(repo).acquire(LockMode.EXCLUSIVE, "key remove")) {
          removed = new KeyService(repo).remove(id);
        }
        audit(repo, spec, removed, "password removed");
        ctx.out().println("removed key " + removed.substring(0, 8));
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "passwd", description = "Change the password in use (the old key file is deleted; audited).")
  static final class Passwd implements Callable<Integer> {
    private final Context ctx;
    @Spec CommandSpec spec;
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
        String old = repo.openedWithKeyId();
        String id;
        try (RepositoryLock lock = Invocation.locks(repo).acquire(LockMode.EXCLUSIVE, "key passwd")) {
          id = new KeyService(repo).changePassword(fresh, newPassword.kdf());
        }
        audit(repo, spec, old, "password changed; replaced by key " + id.substring(0, 8));
        ctx.out().println("password changed (new key " + id.substring(0, 8) + ")");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "rotate", description = {"Start a new data-key epoch: new data is sealed with a new key, old data "
      + "stays readable.", "Takes an exclusive lock. 'pouch prune --rewrite-old-epochs' re-encrypts old packs."})
  static final class Rotate implements Callable<Integer> {
    private final Context ctx;
    @Mixin RepositoryOptions repository;
    @Mixin OutputOptions output;

    Rotate(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
      try (StorageBackend backend = repository.backend(ctx)) {
        Repository repo = repository.open(ctx, backend);
        Repository rotated = new KeyRotation(repo, Invocation.locks(repo)).rotate();
        int epoch = rotated.keyring().currentEpoch();
        if (output.json) {
          output.printJson(ctx, java.util.Map.of("epoch", epoch, "epochs", rotated.keyring().epochs()));
        } else {
          ctx.out().println("new data is now sealed under key epoch " + epoch + "; epochs " + rotated.keyring()
              .epochs() + " stay readable");
          ctx.out().println("copy targets made with --copy-of take the new epoch over on the next 'pouch copy'");
        }
      }
      return ExitCodes.OK;
    }
  }

  /** Records a deleted key file in the audit trail (after the fact: deleting one object cannot half-fail). */
  private static void audit(Repository repo, CommandSpec spec, String keyId, String note) throws IOException {
    new AuditLog(repo).write(new AuditRecord(AuditRecord.VERSION, repo.clock().instant(), Invocation.actor(),
        Invocation.commandLine(spec), AuditRecord.Phase.DONE, java.util.List.of(),
        java.util.List.of(RepositoryLayout.key(keyId).value()), note));
  }
}
