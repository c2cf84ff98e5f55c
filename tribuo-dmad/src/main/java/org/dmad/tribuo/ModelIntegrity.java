package org.dmad.tribuo;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The integrity check inside every dmad model's serialized form: each model's payload message has a field
 * {@code bytes sha256 = 100}, holding the SHA-256 of the model class name, the format version and the payload
 * itself with that field empty. The payload holds everything that affects scores (weights, standardiser, threshold,
 * settings, Tribuo's metadata), so a flipped bit anywhere in it, or in the class name or version, fails the check
 * at load with an error, before any of it is used. The digest travels inside the payload, so Tribuo's own
 * {@code Model.deserializeFromFile} still reads dmad files (and runs the check, through the model's
 * {@code deserializeFromProto}).
 * <p>
 * Files written before the check existed (format version 0 of every dmad model) have no digest and load as before,
 * unchecked: nothing in such a file tells damage from content. From version {@link #FIRST_SEALED_VERSION} on, the
 * digest is required, so damage that removes it is refused too; load and save an old file to add one.
 */
final class ModelIntegrity {

    /** The first format version of every dmad model that must carry the digest. */
    static final int FIRST_SEALED_VERSION = 1;

    /** The name of the digest field in each payload message. */
    static final String FIELD = "sha256";

    private ModelIntegrity() {}

    /**
     * Returns the payload with its digest set.
     *
     * @param className the model class name stored beside it.
     * @param version   the format version stored beside it.
     * @param payload   the payload; its {@code sha256} field is ignored.
     * @return the sealed payload.
     * @throws IllegalArgumentException when the message type has no {@code sha256} field.
     */
    static Message seal(String className, int version, Message payload) {
        FieldDescriptor field = field(payload);
        Message cleared = payload.toBuilder().clearField(field).build();
        return cleared.toBuilder()
                .setField(field, ByteString.copyFrom(digest(className, version, cleared)))
                .build();
    }

    /**
     * Unpacks a payload and checks its digest.
     *
     * @param message   the {@code Any} from the file.
     * @param type      the payload type.
     * @param version   the format version from the file.
     * @param className the class name from the file.
     * @param <T>       the payload type.
     * @return the payload, unchanged since it was sealed.
     * @throws InvalidProtocolBufferException when the bytes are not a payload of that type.
     * @throws IllegalStateException          when the digest is missing from a sealed version or does not match.
     */
    static <T extends Message> T unpack(Any message, Class<T> type, int version, String className)
            throws InvalidProtocolBufferException {
        T payload = message.unpack(type);
        FieldDescriptor field = field(payload);
        ByteString stored = (ByteString) payload.getField(field);
        if (stored.isEmpty()) {
            if (version >= FIRST_SEALED_VERSION) {
                throw new IllegalStateException("Integrity check failed: the " + className + " data (format version "
                        + version + ") has lost its SHA-256 digest: the file is damaged");
            }
            return payload;
        }
        Message cleared = payload.toBuilder().clearField(field).build();
        if (!MessageDigest.isEqual(stored.toByteArray(), digest(className, version, cleared))) {
            throw new IllegalStateException("Integrity check failed: the " + className + " data does not match its "
                    + "SHA-256 digest: the file is damaged or was edited");
        }
        return payload;
    }

    private static FieldDescriptor field(Message payload) {
        FieldDescriptor field = payload.getDescriptorForType().findFieldByName(FIELD);
        if (field == null || field.getType() != FieldDescriptor.Type.BYTES) {
            throw new IllegalArgumentException(payload.getDescriptorForType().getFullName() + " has no bytes field "
                    + FIELD + " for the integrity digest");
        }
        return field;
    }

    private static byte[] digest(String className, int version, Message cleared) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        byte[] name = className.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(8)
                .putInt(name.length)
                .putInt(version)
                .array());
        sha.update(name);
        sha.update(cleared.toByteArray());
        return sha.digest();
    }
}
