package dev.pouch.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.pouch.agent.cli.Context;
import dev.pouch.agent.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/** The files of deploy/ and the real pouch CLI model to check them against. */
final class DeployFiles {

  static final Path ROOT = Path.of("").toAbsolutePath();
  static final ObjectMapper YAML = new YAMLMapper();

  private DeployFiles() {}

  static Path file(String relative) {
    return ROOT.resolve(relative);
  }

  /** Every document of a (multi-document) YAML file. */
  static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isMissingNode()) {
          docs.add(n);
        }
      }
    }
    return docs;
  }

  static List<Path> kubernetesManifests() throws IOException {
    try (Stream<Path> s = Files.list(file("kubernetes"))) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  /**
   * Parses {@code args} with pouch's own picocli model (no command runs), so an unknown subcommand, an unknown
   * option or a missing required option fails here exactly as it would in the container.
   */
  static CommandLine.ParseResult parsePouch(List<String> args) {
    PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
    Context ctx = new Context(nowhere, nowhere, Map.of(), Clock.systemUTC(), new SecureRandom(), false);
    String[] line = args.toArray(String[]::new);
    return Main.commandLine(ctx, line).parseArgs(line);
  }

  /** The value following {@code option} in {@code args}. */
  static String optionValue(List<String> args, String option) {
    int i = args.indexOf(option);
    if (i < 0 || i + 1 >= args.size()) {
      throw new AssertionError(option + " missing in " + args);
    }
    return args.get(i + 1);
  }
}
