package org.dmad.evaluation.harness;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import org.dmad.tribuo.ModelFiles;
import org.tribuo.Model;

/**
 * Model files for the command line: Tribuo's protobuf format (through {@link ModelFiles}) for every model that has
 * one, Java serialization for baselines whose libraries have none (Weka's isolation forest, LibSVM). Loading tells
 * the two apart by their first bytes. Both are written atomically (a uniquely named temporary file, renamed into place
 * and removed if anything fails) and carry a SHA-256 digest checked at load: inside the protobuf payload (see
 * tribuo-dmad's {@code ModelIntegrity}), or as a trailer after the Java object stream.
 */
public final class ModelStore {

    private static final byte[] JAVA_MAGIC = {(byte) 0xAC, (byte) 0xED};

    /** Marks the integrity trailer of a Java-serialized model file; the SHA-256 follows. */
    static final byte[] TRAILER_MAGIC = "DMADSHA2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ModelStore() {}

    /**
     * Saves a model.
     *
     * @param model the model.
     * @param file  the target file.
     * @throws IOException when writing fails; the target is then unchanged and no temporary file is left.
     */
    public static void save(Model<?> model, Path file) throws IOException {
        try {
            model.serialize();
        } catch (UnsupportedOperationException | IllegalStateException noProto) {
            saveJava(model, file);
            return;
        }
        ModelFiles.save(model, file);
    }

    /**
     * Java serialization followed by a trailer: {@link #TRAILER_MAGIC} and the SHA-256 of every byte before it.
     * {@code ObjectInputStream} stops at the end of the object, so a plain Java reader still reads the file.
     */
    private static void saveJava(Model<?> model, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            MessageDigest sha = sha256();
            try (OutputStream raw = Files.newOutputStream(tmp)) {
                OutputStream buffered = new BufferedOutputStream(raw);
                ObjectOutputStream oos = new ObjectOutputStream(new DigestOutputStream(buffered, sha));
                oos.writeObject(model);
                oos.flush();
                buffered.write(TRAILER_MAGIC);
                buffered.write(sha.digest());
                buffered.flush();
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Loads a model saved by {@link #save}.
     *
     * @param file the file.
     * @return the model.
     * @throws IOException naming the file and the problem, a failed integrity check included.
     */
    public static Model<?> load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("No model file at " + file);
        }
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 2) < 2) {
                throw new IOException("Cannot load a model from " + file + ": the file is empty or truncated");
            }
        }
        if (head[0] != JAVA_MAGIC[0] || head[1] != JAVA_MAGIC[1]) {
            return ModelFiles.load(file);
        }
        return fromJavaBytes(Files.readAllBytes(file), file.toString());
    }

    /**
     * Rebuilds a Java-serialized model from a model file's bytes, checking its integrity trailer (a file without
     * the trailer was written before it existed and loads unchecked, as it always did).
     *
     * @param bytes  the bytes of a file {@link #save} wrote with Java serialization (they start 0xAC 0xED).
     * @param source where the bytes came from, for messages.
     * @return the model.
     * @throws IOException naming the source and the problem, a failed integrity check included.
     */
    public static Model<?> fromJavaBytes(byte[] bytes, String source) throws IOException {
        int body = bytes.length;
        int trailer = TRAILER_MAGIC.length + 32;
        if (bytes.length >= trailer
                && Arrays.equals(
                        bytes, bytes.length - trailer, bytes.length - 32, TRAILER_MAGIC, 0, TRAILER_MAGIC.length)) {
            body = bytes.length - trailer;
            MessageDigest sha = sha256();
            sha.update(bytes, 0, body);
            if (!MessageDigest.isEqual(sha.digest(), Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length))) {
                throw new IOException("Cannot load a model from " + source + ": integrity check failed (the content "
                        + "does not match its SHA-256 digest: the file is damaged or was edited)");
            }
        }
        try (InputStream in = new java.io.ByteArrayInputStream(bytes, 0, body);
                ObjectInputStream ois = new ObjectInputStream(in)) {
            Object o = ois.readObject();
            if (!(o instanceof Model<?> m)) {
                throw new IOException(source + " holds a " + o.getClass().getName() + ", not a Tribuo model");
            }
            return m;
        } catch (ClassNotFoundException | RuntimeException e) {
            throw new IOException("Cannot load a model from " + source + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
