package dev.pouch.bench.dataset;

/** One SSTable entry: key, sequence number (Wombat's logical timestamp), meta byte and value. */
record SstRecord(byte[] key, long sequence, int meta, byte[] value) {

  /** Bytes this entry takes in the file: a 17-byte header plus key and value. */
  int encodedBytes() {
    return SstFile.ENTRY_HEADER_BYTES + key.length + value.length;
  }
}
