package dev.pouch.agent.repository;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;

/** The one JSON mapping of repository objects: ISO-8601 times, no nulls written, unknown fields rejected. */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Parses authenticated bytes; a structural problem is reported as malformed, with the object named. */
  public static <T> T read(byte[] bytes, Class<T> type, String what) throws MalformedObjectException {
    return read(bytes, MAPPER.readerFor(type), what);
  }

  /** As {@link #read(byte[], Class, String)}, with a reader configured for a part of a document. */
  public static <T> T read(byte[] bytes, ObjectReader reader, String what) throws MalformedObjectException {
    try {
      return reader.readValue(bytes);
    } catch (IOException | IllegalArgumentException e) {
      throw new MalformedObjectException(what + " is malformed: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}
