package org.idvbatch.archive.crypto;

import java.util.Set;

/**
 * The key-encryption key ids that stored data is wrapped with (the archive's live objects). A keyset that lacks
 * one of them is the wrong keyset, and no keyset may be created while any is in use: the data it protects would
 * be lost without a word.
 */
@FunctionalInterface
public interface KeysInUse {

    /** No stored data: anything goes (a new installation, or a test without a database). */
    KeysInUse NONE = Set::of;

    Set<String> keyIds();
}
