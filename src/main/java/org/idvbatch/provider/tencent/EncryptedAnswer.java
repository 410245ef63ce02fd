package org.idvbatch.provider.tencent;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.idvbatch.provider.ProviderCallException;
import org.idvbatch.provider.ProviderCallException.Kind;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.identity.ChineseIdNumber;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Opens an answer encrypted under the request's data key, in memory, before the mapping sees it: first the
 * whole body (EncryptedBody, with IsEncryptResponse), then every field the answer's Encryption.EncryptList
 * names (paths like {@code Response.Text.IdCard}; TagList[i] is the GCM tag of field i). An identity field
 * that came back but is not listed, a field that does not decrypt (wrong key, bad padding, bad tag), or a
 * clear value that is not text (CBC has no integrity check: a tampered block decrypts to garbage) fails the
 * whole answer: nothing of it is used. Messages name the session and the field, never a value.
 */
final class EncryptedAnswer {

    static final String CODE = "DecryptionFailed";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> IDENTITY_FIELDS = List.of("IdCard", "Name", "OcrIdCard", "OcrName");

    private final SensitiveDataKey key;
    private final SessionRef session;

    private EncryptedAnswer(SensitiveDataKey key, SessionRef session) {
        this.key = key;
        this.session = session;
    }

    /** @return the answer with every encrypted part in clear */
    static JsonNode open(JsonNode root, SensitiveDataKey key, SessionRef session) throws ProviderCallException {
        return new EncryptedAnswer(key, session).open(root);
    }

    private JsonNode open(JsonNode root) throws ProviderCallException {
        if (!(root.get("Response") instanceof ObjectNode response)) {
            return root; // the mapping rejects it as malformed
        }
        String body = text(response.get("EncryptedBody"));
        boolean wholeBody = body != null && !body.isEmpty();
        if (wholeBody) {
            response = wholeBody(response, body);
        }
        Set<String> opened = fields(response);
        JsonNode text = response.path("Text");
        for (String field : IDENTITY_FIELDS) { // inside an encrypted body they travelled encrypted already
            if (!wholeBody && text.hasNonNull(field) && !opened.contains("Text." + field)) {
                throw fail("Response.Text." + field, "came back without an Encryption entry for it");
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.set("Response", response);
        return out;
    }

    private ObjectNode wholeBody(ObjectNode response, String body) throws ProviderCallException {
        JsonNode encryption = encryption(response, "Response.EncryptedBody");
        String clear = decrypt("Response.EncryptedBody", encryption, body, tag(encryption, 0));
        JsonNode inner;
        try {
            inner = JSON.readTree(clear);
        } catch (JacksonException e) {
            throw fail("Response.EncryptedBody", "is not JSON once decrypted");
        }
        if (inner.get("Response") instanceof ObjectNode wrapped) {
            inner = wrapped;
        }
        if (!(inner instanceof ObjectNode opened)) {
            throw fail("Response.EncryptedBody", "is not a JSON object once decrypted");
        }
        if (!opened.has("RequestId") && response.has("RequestId")) {
            opened.set("RequestId", response.get("RequestId"));
        }
        return opened;
    }

    /** Decrypts the fields named by Encryption.EncryptList in place; returns their paths below Response. */
    private Set<String> fields(ObjectNode response) throws ProviderCallException {
        Set<String> opened = new HashSet<>();
        JsonNode list = response.path("Encryption").path("EncryptList");
        for (int i = 0; i < list.size(); i++) {
            String path = list.get(i).asString();
            String relative = path.startsWith("Response.") ? path.substring("Response.".length()) : path;
            if (relative.equals("EncryptedBody") || relative.equals("EncryptionBody")) {
                continue; // already opened as a whole
            }
            int dot = relative.lastIndexOf('.');
            JsonNode parent = dot < 0 ? response : response.at("/" + relative.substring(0, dot).replace('.', '/'));
            String name = relative.substring(dot + 1);
            String cipherText = parent instanceof ObjectNode p ? text(p.get(name)) : null;
            if (cipherText == null) {
                continue; // listed but absent or null: nothing to open
            }
            JsonNode encryption = response.get("Encryption");
            String clear = decrypt("Response." + relative, encryption, cipherText, tag(encryption, i));
            plausible("Response." + relative, name, clear, response.path("Text"));
            ((ObjectNode) parent).put(name, clear);
            opened.add(relative);
        }
        return opened;
    }

    private JsonNode encryption(ObjectNode response, String field) throws ProviderCallException {
        JsonNode e = response.get("Encryption");
        if (e == null || !e.isObject()) {
            throw fail(field, "came back without an Encryption object");
        }
        return e;
    }

    private String decrypt(String field, JsonNode encryption, String cipherText, byte[] tag)
            throws ProviderCallException {
        String algorithm = text(encryption.get("Algorithm"));
        if (algorithm != null && !algorithm.equalsIgnoreCase(key.algorithm().wireName())) {
            throw fail(field, "is encrypted with " + algorithm + ", not the requested " + key.algorithm().wireName());
        }
        byte[] iv;
        byte[] bytes;
        try {
            iv = Base64.getDecoder().decode(String.valueOf(text(encryption.get("Iv"))));
            bytes = Base64.getDecoder().decode(cipherText);
        } catch (IllegalArgumentException e) {
            throw fail(field, "or its Encryption.Iv is not base64");
        }
        try {
            return strictUtf8(key.decrypt(iv, bytes, tag));
        } catch (GeneralSecurityException e) {
            throw fail(field, "cannot be decrypted with this request's data key ("
                    + e.getClass().getSimpleName() + ": wrong key, bad padding or bad tag)");
        } catch (CharacterCodingException e) {
            throw fail(field, "does not decrypt to UTF-8 text (tampered ciphertext or wrong key)");
        }
    }

    /** AES-CBC detects tampering only through padding: check that an ID number still is one. */
    private void plausible(String field, String name, String clear, JsonNode text) throws ProviderCallException {
        boolean mainlandId = !text.hasNonNull("UseIDType") || text.get("UseIDType").asInt() == 0;
        if (name.endsWith("IdCard") && mainlandId && clear.length() == 18
                && !clear.equalsIgnoreCase(ChineseIdNumber.withCheckCharacter(clear.substring(0, 17)))) {
            throw fail(field, "does not decrypt to a valid ID number (tampered ciphertext or wrong key)");
        }
        if (clear.chars().anyMatch(Character::isISOControl)) {
            throw fail(field, "decrypts to control characters (tampered ciphertext or wrong key)");
        }
    }

    private byte[] tag(JsonNode encryption, int index) throws ProviderCallException {
        if (key.algorithm() != SensitiveDataAlgorithm.SM4_GCM) {
            return null;
        }
        String tag = text(encryption.path("TagList").get(index));
        try {
            return tag == null ? null : Base64.getDecoder().decode(tag);
        } catch (IllegalArgumentException e) {
            throw fail("Response.Encryption.TagList[" + index + "]", "is not base64");
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    private ProviderCallException fail(String field, String problem) {
        return new ProviderCallException(Kind.PERMANENT, CODE, "session " + session.id() + " (BizToken "
                + session.providerRef() + "): " + field + " " + problem);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asString();
    }
}
