package dev.pouch.it.servers;

import dev.pouch.it.servers.FakeGcsStore.Refusal;

/** A resumable chunk's {@code Content-Range}: {@code first} -1 for a status query, {@code total} -1 if unknown. */
record UploadRange(long first, long last, long total) {
  static UploadRange parse(String header) throws Refusal {
    String spec = header.trim();
    if (!spec.startsWith("bytes ")) {
      throw new Refusal(400, "invalid", "bad Content-Range " + header);
    }
    spec = spec.substring("bytes ".length());
    int slash = spec.indexOf('/');
    String span = spec.substring(0, slash);
    String total = spec.substring(slash + 1);
    long t = total.equals("*") ? -1 : Long.parseLong(total);
    if (span.equals("*")) {
      return new UploadRange(-1, -1, t);
    }
    int dash = span.indexOf('-');
    return new UploadRange(Long.parseLong(span.substring(0, dash)), Long.parseLong(span.substring(dash + 1)), t);
  }
}
