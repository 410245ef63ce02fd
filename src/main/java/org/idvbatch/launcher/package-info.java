/**
 * The jar's entry point: the product's command line with the sandbox's and the benchmarks' commands beside it,
 * starting contexts of the product's application class. It depends on everything it wires; nothing depends on it.
 */
package org.idvbatch.launcher;
