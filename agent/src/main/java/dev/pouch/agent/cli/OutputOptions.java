package dev.pouch.agent.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pouch.agent.repository.Json;
import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output (docs/json-output.md). */
final class OutputOptions {

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  void printJson(Context ctx, Object value) {
    try {
      ctx.out().println(Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }
}
