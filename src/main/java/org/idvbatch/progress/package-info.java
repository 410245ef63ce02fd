/**
 * How long work (an import, a harvest, an archive check, a key rotation) tells whoever watches it how far it has
 * come: {@link org.idvbatch.progress.ProgressListener}, with a no-op default. The command line draws it as a bar on
 * a terminal; nothing in the product knows how, or whether, it is shown.
 */
package org.idvbatch.progress;
