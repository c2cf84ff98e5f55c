package org.dmad.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy's {@code .npy} format (versions 1 to 3) and {@code .npz} archives (zip files of {@code .npy} entries,
 * stored or deflated), as ADBench ships its datasets.
 * <p>
 * Accepted dtypes: little- or big-endian floats (f4, f8), signed and unsigned integers (1, 2, 4 and 8 bytes) and
 * booleans, in C or Fortran order. Every malformed input fails with an {@link IOException} that names the file and
 * the problem: a bad magic string, an unparsable header, an unsupported dtype, a declared size that exceeds
 * {@link #MAX_VALUES} values or disagrees with the zip entry's size, or a truncated payload.
 * <p>
 * Written here rather than taken from a library: the one npy reader on Maven Central (org.jetbrains.bio:npy) has not
 * been released since 2021 and brings the Kotlin runtime, and DJL's decoder rejects Fortran-ordered arrays, which
 * ADBench files use.
 */
public final class NpyReader {

    /** The most values one array may declare (about 2 GB of doubles). */
    public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern TYPE = Pattern.compile("([<>|=])?([fiub])(\\d+)");

    private NpyReader() {}

    /**
     * Reads every {@code .npy} entry of an {@code .npz} archive.
     *
     * @param file the archive.
     * @return arrays by entry name without ".npy", in archive order.
     * @throws IOException naming the file and the problem when it is not a valid archive of numeric arrays.
     */
    public static Map<String, NpyArray> readNpz(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("No such file: " + file);
        }
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - 4);
                try (InputStream in = zip.getInputStream(entry)) {
                    out.put(name, read(in, name, entry.getSize()));
                } catch (IOException e) {
                    throw new IOException(file + ", entry " + entry.getName() + ": " + e.getMessage(), e);
                }
            }
        } catch (ZipException e) {
            throw new IOException(file + " is not a valid .npz (zip) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            throw new IOException(file + " cannot be read as a .npz archive: " + e, e);
        } catch (RuntimeException e) {
            // java.util.zip reports some malformed archives with unchecked exceptions.
            throw new IOException(file + " is not a valid .npz (zip) archive: " + e, e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + " contains no .npy entries");
        }
        return out;
    }

    /**
     * Reads one {@code .npy} file.
     *
     * @param file the file.
     * @return the array, named after the file.
     * @throws IOException naming the file and the problem.
     */
    public static NpyArray readNpy(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String name = file.getFileName().toString().replaceFirst("\\.npy$", "");
            return read(in, name, Files.size(file));
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one array from a stream positioned at the start of {@code .npy} content.
     *
     * @param stream       the stream.
     * @param name         the array's name.
     * @param declaredSize the content size when known (from the zip entry or file), or -1.
     * @return the array.
     * @throws IOException describing the problem.
     */
    public static NpyArray read(InputStream stream, String name, long declaredSize) throws IOException {
        Values values = values(stream, name, declaredSize);
        long count = values.count();
        double[] raw = new double[(int) count];
        int done = 0;
        while (done < count) {
            done += values.read(raw, done, (int) Math.min(8192, count - done));
        }
        long[] shape = values.shape();
        return new NpyArray(
                name, values.descr(), shape, values.fortranOrder() && shape.length > 1 ? toRowMajor(raw, shape) : raw);
    }

    /**
     * Opens one array for reading its values a part at a time, from a stream positioned at the start of {@code .npy}
     * content: the header is read and checked now, the values as {@link Values#read} asks for them, so an array of
     * any size is read in bounded memory. The values come in the file's order: row-major for a C-order array; a
     * Fortran-order array (ADBench's files) comes column-major, and a caller that needs rows reads it whole with
     * {@link #read} instead.
     *
     * @param stream       the stream; closed by {@link Values#close}.
     * @param name         the array's name.
     * @param declaredSize the content size when known (from the zip entry or file), or -1.
     * @return the values reader.
     * @throws IOException describing the problem, as {@link #read}.
     */
    public static Values values(InputStream stream, String name, long declaredSize) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        byte[] magic = new byte[MAGIC.length];
        readFully(in, magic, "the magic string");
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a .npy array (bad magic string)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        } else if (major == 2 || major == 3) {
            headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        } else {
            throw new IOException("unsupported .npy format version " + major);
        }
        if (headerLength > 1 << 20) {
            throw new IOException("implausible .npy header length " + headerLength);
        }
        byte[] headerBytes = new byte[(int) headerLength];
        readFully(in, headerBytes, "the header");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, "descr");
        boolean fortran = group(FORTRAN, header, "fortran_order").equals("True");
        long[] shape = parseShape(group(SHAPE, header, "shape"));
        Matcher type = TYPE.matcher(descr);
        if (!type.matches()) {
            throw new IOException("unsupported dtype '" + descr + "' (numeric dtypes only)");
        }
        char kind = type.group(2).charAt(0);
        int size = Integer.parseInt(type.group(3));
        boolean validSize = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            default -> size == 1;
        };
        if (!validSize) {
            throw new IOException("unsupported dtype '" + descr + "'");
        }
        ByteOrder order = ">".equals(type.group(1)) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long count = 1;
        for (long s : shape) {
            count *= s;
            if (count > MAX_VALUES) {
                throw new IOException(
                        "declared shape " + java.util.Arrays.toString(shape) + " exceeds " + MAX_VALUES + " values");
            }
        }
        long payload = count * size;
        long prefix = MAGIC.length + 2 + (major == 1 ? 2 : 4) + headerLength;
        if (declaredSize >= 0 && prefix + payload > declaredSize) {
            throw new IOException("declared shape " + java.util.Arrays.toString(shape) + " of " + descr + " needs "
                    + payload + " bytes but only " + (declaredSize - prefix) + " are present (truncated?)");
        }
        return new Values(in, name, descr, shape, fortran, count, kind, size, order);
    }

    /** The values of one {@code .npy} array, read a part at a time in the file's order; see {@link #values}. */
    public static final class Values implements java.io.Closeable {
        private final DataInputStream in;
        private final String name;
        private final String descr;
        private final long[] shape;
        private final boolean fortran;
        private final long count;
        private final char kind;
        private final int size;
        private final ByteOrder order;
        private final byte[] chunk;
        private long done;

        private Values(
                DataInputStream in,
                String name,
                String descr,
                long[] shape,
                boolean fortran,
                long count,
                char kind,
                int size,
                ByteOrder order) {
            this.in = in;
            this.name = name;
            this.descr = descr;
            this.shape = shape;
            this.fortran = fortran;
            this.count = count;
            this.kind = kind;
            this.size = size;
            this.order = order;
            this.chunk = new byte[size * 8192];
        }

        /** @return the array's name. */
        public String name() {
            return name;
        }

        /** @return the NumPy dtype string, e.g. {@code <f8}. */
        public String descr() {
            return descr;
        }

        /** @return the shape (a copy). */
        public long[] shape() {
            return shape.clone();
        }

        /** @return true when the values are stored in Fortran (column-major) order. */
        public boolean fortranOrder() {
            return fortran;
        }

        /** @return the number of values. */
        public long count() {
            return count;
        }

        /** @return the values read so far. */
        public long position() {
            return done;
        }

        /**
         * Reads the next values, converted to doubles as {@link NpyReader#read} converts them.
         *
         * @param out  receives the values from index {@code from}.
         * @param from the first index of {@code out} to fill.
         * @param max  the most values to read.
         * @return the values read: {@code min(max, values left)}, 0 after the last.
         * @throws IOException when the payload ends early.
         */
        public int read(double[] out, int from, int max) throws IOException {
            int total = (int) Math.min(max, count - done);
            int at = 0;
            while (at < total) {
                int n = Math.min(8192, total - at);
                readFully(in, chunk, n * size, "the data (" + done + " of " + count + " values read)");
                ByteBuffer buf = ByteBuffer.wrap(chunk, 0, n * size).order(order);
                int base = from + at;
                for (int i = 0; i < n; i++) {
                    out[base + i] = switch (kind) {
                        case 'f' -> size == 4 ? buf.getFloat() : buf.getDouble();
                        case 'i' ->
                            switch (size) {
                                case 1 -> buf.get();
                                case 2 -> buf.getShort();
                                case 4 -> buf.getInt();
                                default -> buf.getLong();
                            };
                        case 'u' ->
                            switch (size) {
                                case 1 -> Byte.toUnsignedInt(buf.get());
                                case 2 -> Short.toUnsignedInt(buf.getShort());
                                case 4 -> Integer.toUnsignedLong(buf.getInt());
                                default -> unsignedLong(buf.getLong());
                            };
                        default -> buf.get() != 0 ? 1.0 : 0.0;
                    };
                }
                at += n;
                done += n;
            }
            return total;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static double unsignedLong(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    private static double[] toRowMajor(double[] fortran, long[] shape) {
        int rank = shape.length;
        double[] out = new double[fortran.length];
        int[] index = new int[rank];
        for (int c = 0; c < out.length; c++) {
            // c walks the row-major order; compute the column-major offset of the same index.
            long offset = 0;
            long stride = 1;
            for (int a = 0; a < rank; a++) {
                offset += index[a] * stride;
                stride *= shape[a];
            }
            out[c] = fortran[(int) offset];
            for (int a = rank - 1; a >= 0; a--) {
                if (++index[a] < shape[a]) {
                    break;
                }
                index[a] = 0;
            }
        }
        return out;
    }

    private static long[] parseShape(String text) throws IOException {
        String[] parts = text.split(",");
        java.util.List<Long> dims = new java.util.ArrayList<>();
        for (String p : parts) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(t.replace("L", ""));
                if (v < 0) {
                    throw new IOException("negative dimension in shape (" + text + ")");
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new IOException("unparsable shape (" + text + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static String group(Pattern p, String header, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException("the .npy header has no valid '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private static void readFully(DataInputStream in, byte[] buf, String what) throws IOException {
        readFully(in, buf, buf.length, what);
    }

    private static void readFully(DataInputStream in, byte[] buf, int length, String what) throws IOException {
        try {
            in.readFully(buf, 0, length);
        } catch (EOFException e) {
            throw new IOException("the file ends inside " + what + " (truncated)", e);
        }
    }
}
