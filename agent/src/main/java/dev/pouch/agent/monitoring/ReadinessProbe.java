package dev.pouch.agent.monitoring;

import java.util.Optional;

/** Answers {@code /readyz}: empty when ready, else why not. Called from the HTTP server's threads. */
@FunctionalInterface
public interface ReadinessProbe {
  Optional<String> notReadyReason();
}
