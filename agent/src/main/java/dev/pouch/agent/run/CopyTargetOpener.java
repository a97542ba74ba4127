package dev.pouch.agent.run;

import dev.pouch.agent.config.CopyTarget;
import dev.pouch.agent.repository.Repository;
import java.io.IOException;

/**
 * Opens the repository of one {@code copies:} entry. The CLI implements it: it resolves the URL to a storage backend
 * and reads the target's password (its {@code password_file}, else the primary's). The sidecar closes the backend.
 */
@FunctionalInterface
public interface CopyTargetOpener {

  Repository open(CopyTarget target) throws IOException;
}
