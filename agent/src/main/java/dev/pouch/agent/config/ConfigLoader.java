package dev.pouch.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.pouch.agent.retention.CalendarDuration;
import dev.pouch.agent.schedule.Durations;
import dev.pouch.agent.schedule.Schedule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads {@code pouch.yaml}: YAML with {@code ${ENV}} expansion into {@link PouchConfig}. Unknown keys, wrong types,
 * invalid values and combinations that would silently do nothing (retention rules without a cleanup schedule, WAL
 * shipping from a plain directory) are all errors, each reported as {@code FILE:LINE:COL: field 'a.b': reason}.
 */
public final class ConfigLoader {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .addModule(new SimpleModule("pouch-config")
          .addDeserializer(Duration.class, new TextDeserializer<>(Durations::parse))
          .addDeserializer(Instant.class, new TextDeserializer<>(ConfigLoader::parseInstant))
          .addDeserializer(ByteSize.class, new TextDeserializer<>(ByteSize::parse))
          .addDeserializer(ByteRate.class, new TextDeserializer<>(ByteRate::parse))
          .addDeserializer(ListenAddress.class, new TextDeserializer<>(ListenAddress::parse))
          .addDeserializer(Compression.class, new TextDeserializer<>(Compression::parse)))
      .build();

  private final Map<String, String> env;

  /** @param env the environment {@code ${NAME}} reads from */
  public ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /** Reads and checks a file. */
  public LoadedConfig load(Path file) throws IOException, ConfigException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Reads and checks YAML text; {@code fileName} prefixes the error messages. */
  public LoadedConfig parse(String yaml, String fileName) throws ConfigException {
    LocatedTree tree;
    try {
      tree = LocatedTree.parse(yaml);
    } catch (LocatedTree.DuplicateKeyException e) {
      throw new ConfigException(List.of(format(fileName, e.location, "field '" + e.path + "': duplicate key")));
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(format(fileName, e.getLocation(), "invalid YAML: "
          + yamlReason(e.getOriginalMessage()))));
    } catch (IOException e) {
      throw new ConfigException(List.of(fileName + ": cannot read: " + e.getMessage()));
    }
    if (!tree.root.isObject()) {
      throw new ConfigException(List.of(format(fileName, tree.locations.get(""), "the file must be a mapping of "
          + "sections (source:, repository:, ...)")));
    }
    List<Problem> problems = new ArrayList<>();
    for (EnvironmentExpansion.Unset u : new EnvironmentExpansion(env).expand(tree.root)) {
      problems.add(new Problem(u.path(), "environment variable " + u.variable() + " is not set (write ${"
          + u.variable() + ":-default} for a default)"));
    }
    if (!problems.isEmpty()) {
      throw exception(fileName, tree.locations, problems);
    }
    PouchConfig config;
    try {
      config = MAPPER.treeToValue(tree.root, PouchConfig.class);
    } catch (JsonMappingException e) {
      String path = path(e);
      String reason = reason(e);
      JsonNode value = tree.root.at(pointer(path));
      if (reason.startsWith("expected ") && !reason.contains(", got ") && value.isValueNode()) {
        reason += ", got '" + value.asText() + "'";
      }
      throw exception(fileName, tree.locations, List.of(new Problem(path, reason)));
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of(fileName + ": " + e.getOriginalMessage()));
    }
    problems.addAll(validate(config));
    if (!problems.isEmpty()) {
      throw exception(fileName, tree.locations, problems);
    }
    return new LoadedConfig(config, fileName, tree.locations);
  }

  /** One thing wrong at a path. */
  private record Problem(String path, String reason) {}

  private static List<Problem> validate(PouchConfig c) {
    List<Problem> problems = new ArrayList<>();
    if (c.source().path() == null || c.source().path().isBlank()) {
      problems.add(new Problem("source.path", "required: the directory to back up"));
    }
    if (!List.of("auto", "wombat", "plain").contains(c.source().format())) {
      problems.add(new Problem("source.format", "must be auto, wombat or plain, not '" + c.source().format() + "'"));
    }
    if (c.repository().url() == null || c.repository().url().isBlank()) {
      problems.add(new Problem("repository.url", "required: where the repository is (a path, s3://..., ...)"));
    }
    ZoneId zone = ZoneId.of("UTC");
    try {
      zone = ZoneId.of(c.schedule().timeZone());
    } catch (DateTimeException e) {
      problems.add(new Problem("schedule.time_zone", "unknown time zone '" + c.schedule().timeZone() + "'"));
    }
    checkSchedule(problems, "schedule.full", c.schedule().full(), zone);
    checkSchedule(problems, "schedule.incremental", c.schedule().incremental(), zone);
    checkSchedule(problems, "schedule.cleanup", c.schedule().cleanup(), zone);
    checkSchedule(problems, "verify.drill", c.verify().drill(), zone);
    if (c.schedule().continuous() != null) {
      try {
        if (!Durations.parse(c.schedule().continuous()).isPositive()) {
          problems.add(new Problem("schedule.continuous", "the WAL shipping cadence must be positive (or off)"));
        }
      } catch (IllegalArgumentException e) {
        problems.add(new Problem("schedule.continuous", e.getMessage() + " (or off)"));
      }
      if (c.source().format().equals("plain")) {
        problems.add(new Problem("schedule.continuous", "WAL shipping reads a Wombat directory, but source.format "
            + "is plain; set source.format to auto or wombat, or continuous to off"));
      }
    }
    if (c.limits().requestsPerHour() != null && c.limits().requestsPerHour() < 0) {
      problems.add(new Problem("limits.requests_per_hour", "cannot be negative"));
    }
    AlertsSection a = c.alerts();
    if (a.minSuccessRate() < 0 || a.minSuccessRate() > 1) {
      problems.add(new Problem("alerts.min_success_rate", "must be between 0 and 1, is " + a.minSuccessRate()));
    }
    if (a.successRateWindow() < 1) {
      problems.add(new Problem("alerts.success_rate_window", "must be at least 1"));
    }
    if (a.overdueAfter().isZero() || a.overdueAfter().isNegative()) {
      problems.add(new Problem("alerts.overdue_after", "must be positive"));
    }
    if (c.limits().threads() != null && c.limits().threads() < 1) {
      problems.add(new Problem("limits.threads", "must be at least 1"));
    }
    if (c.limits().priority() != null && !List.of("low", "idle", "normal").contains(c.limits().priority())) {
      problems.add(new Problem("limits.priority", "must be low, idle or normal, not '" + c.limits().priority()
          + "'"));
    }
    if (c.shutdown().grace().isNegative()) {
      problems.add(new Problem("shutdown.grace", "cannot be negative"));
    }
    checkSite(problems, "repository.site", c.repository().site());
    checkMedium(problems, "repository.medium", c.repository().medium());
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < c.copies().size(); i++) {
      CopyTarget t = c.copies().get(i);
      if (t.url() == null || t.url().isBlank()) {
        problems.add(new Problem("copies[" + i + "].url", "required"));
      } else if (t.url().trim().equals(c.repository().url() == null ? null : c.repository().url().trim())) {
        problems.add(new Problem("copies[" + i + "].url", "is the primary repository itself; a copy must be "
            + "another repository (create one with 'pouch init --copy-of PRIMARY')"));
      } else if (urls.contains(t.url().trim())) {
        problems.add(new Problem("copies[" + i + "].url", "names the same repository as an earlier copy"));
      } else {
        urls.add(t.url().trim());
      }
      checkSite(problems, "copies[" + i + "].site", t.site());
      checkMedium(problems, "copies[" + i + "].medium", t.medium());
    }
    if (c.alerts().maxCopyLag() != null && !c.alerts().maxCopyLag().isPositive()) {
      problems.add(new Problem("alerts.max_copy_lag", "must be positive"));
    }
    RetentionSection r = c.retention();
    for (Object[] rule : new Object[][] {{"days", r.days()}, {"keep_last", r.keepLast()},
        {"keep_hourly", r.keepHourly()}, {"keep_daily", r.keepDaily()}, {"keep_weekly", r.keepWeekly()},
        {"keep_monthly", r.keepMonthly()}, {"keep_yearly", r.keepYearly()}}) {
      if (rule[1] != null && (Integer) rule[1] < 0) {
        problems.add(new Problem("retention." + rule[0], "cannot be negative"));
      }
    }
    if (r.days() != null && r.days() == 0) {
      problems.add(new Problem("retention.days", "must be at least 1 (leave it out to keep snapshots of every age)"));
    }
    if (r.keepWithin() != null) {
      try {
        CalendarDuration.parse(r.keepWithin());
      } catch (IllegalArgumentException e) {
        problems.add(new Problem("retention.keep_within", e.getMessage()));
      }
    }
    if (r.configured() && c.schedule().cleanup() == null) {
      problems.add(new Problem("retention", "retention rules are set but schedule.cleanup is off, so nothing would "
          + "apply them; set schedule.cleanup (e.g. \"0 3 * * *\")"));
    }
    return problems;
  }

  private static void checkSite(List<Problem> problems, String path, String site) {
    if (site != null && !site.equals("onsite") && !site.equals("offsite")) {
      problems.add(new Problem(path, "must be onsite or offsite"));
    }
  }

  private static void checkMedium(List<Problem> problems, String path, String medium) {
    if (medium != null && medium.isBlank()) {
      problems.add(new Problem(path, "cannot be empty (e.g. disk, nfs, s3, gcs, azure, tape)"));
    }
  }

  private static void checkSchedule(List<Problem> problems, String path, String expression, ZoneId zone) {
    if (expression == null) {
      return;
    }
    try {
      Schedule.parse(expression, zone);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(path, e.getMessage()));
    }
  }

  private static ConfigException exception(String file, Map<String, JsonLocation> locations,
      List<Problem> problems) {
    List<String> lines = new ArrayList<>();
    List<Problem> sorted = new ArrayList<>(problems);
    sorted.sort(Comparator.comparingInt((Problem p) -> line(locations, p.path())));
    for (Problem p : sorted) {
      lines.add(LoadedConfig.describe(file, locations, p.path(), p.reason()));
    }
    return new ConfigException(lines);
  }

  private static int line(Map<String, JsonLocation> locations, String path) {
    JsonLocation at = locations.get(path);
    return at == null ? Integer.MAX_VALUE : at.getLineNr();
  }

  private static String format(String file, JsonLocation at, String message) {
    return at == null ? file + ": " + message : file + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + message;
  }

  /** SnakeYAML's messages quote the source with carets; keep only the sentences. */
  static String yamlReason(String message) {
    // SnakeYAML alternates prose lines ("while parsing ...", "expected ...") with indented quotes of the source.
    List<String> prose = message.lines().filter(l -> !l.isBlank() && !l.startsWith(" ")).map(String::strip).toList();
    return prose.isEmpty() ? message.strip() : String.join(": ", prose);
  }

  private static com.fasterxml.jackson.core.JsonPointer pointer(String path) {
    StringBuilder p = new StringBuilder();
    for (String part : path.replace("[", ".").replace("]", "").split("\\.")) {
      if (!part.isEmpty()) {
        p.append('/').append(part);
      }
    }
    return com.fasterxml.jackson.core.JsonPointer.compile(p.toString());
  }

  /** {@code a.b[0].c} from Jackson's reference chain. */
  private static String path(JsonMappingException e) {
    StringBuilder p = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!p.isEmpty()) {
          p.append('.');
        }
        p.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        p.append('[').append(r.getIndex()).append(']');
      }
    }
    return p.toString();
  }

  private static String reason(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      Collection<Object> known = u.getKnownPropertyIds();
      return "unknown key" + (known == null || known.isEmpty() ? "" : "; known keys here: "
          + String.join(", ", new TreeSet<>(known.stream().map(String::valueOf).toList())));
    }
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException || t instanceof DateTimeException) {
        return t.getMessage();
      }
    }
    if (e instanceof InvalidFormatException f) {
      return "expected " + describe(f.getTargetType()) + ", got '" + f.getValue() + "'";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "expected " + describe(m.getTargetType());
    }
    return e.getOriginalMessage().lines().findFirst().orElse("invalid value");
  }

  private static String describe(Class<?> type) {
    if (type == String.class) {
      return "a text value";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class) {
      return "a number";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == ByteSize.class) {
      return "a size such as 500GiB";
    }
    if (type == ByteRate.class) {
      return "a rate such as 100MiB/s";
    }
    if (type == Duration.class) {
      return "a duration such as 24h";
    }
    if (type == ListenAddress.class) {
      return "HOST:PORT or off";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants()).stream().map(c -> c.toString().toLowerCase()).toList();
    }
    if (type.isRecord()) {
      // the keys it takes, as the file spells them: "repository: /x" for "repository:\n  url: /x" is a likely slip
      List<String> keys = MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(type)).findProperties()
          .stream().map(p -> p.getName()).sorted().toList();
      return "a mapping (indented key: value lines below it" + (keys.isEmpty() ? ")" : "; keys: "
          + String.join(", ", keys) + ")");
    }
    return "a " + type.getSimpleName();
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time; write e.g. 2026-11-25T12:00:00Z");
    }
  }

  /** Deserialises a value written as text (numbers are read as their text) with a parsing function. */
  private static final class TextDeserializer<T> extends JsonDeserializer<T> {
    private final java.util.function.Function<String, T> parse;

    TextDeserializer(java.util.function.Function<String, T> parse) {
      this.parse = parse;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        return (T) ctxt.handleUnexpectedToken(Object.class, p);
      }
      return parse.apply(p.getText());
    }
  }
}
