/**
 * zlib (RFC 1950) streams as Wombat uses them: SSTable blocks and value-log values. A {@link
 * dev.pouch.wombat.compression.ZlibCodec} reuses one native deflater and inflater across many small buffers, which
 * matters for 4 KiB blocks, where setting up zlib costs more than compressing.
 */
package dev.pouch.wombat.compression;
